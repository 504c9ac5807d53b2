package dev.niotls.tls.engine;

import dev.niotls.tls.bio.BufferAllocator;
import java.nio.ByteBuffer;

/**
 * Decrypted application data not yet read (OpenSSL's SSL_pending bytes).
 *
 * <p>In the common case this is a view into the inbound record buffer, where Bouncy Castle
 * decrypted in place: no copy. When more data arrives before the application read the first
 * (a handshake driven by a write keeps what arrives meanwhile, W10) or the decrypted bytes lie in
 * an array we do not own, the bytes are copied into a stash of our own.
 */
public final class ReceivedPlaintext {
    private static final int MIN_STASH = 1024;

    private final BufferAllocator allocator;
    private byte[] data;
    private int offset;
    private int length;
    /** Non-null when {@code data} is the stash's array (not a view into the inbound buffer). */
    private ByteBuffer stash;

    public ReceivedPlaintext(BufferAllocator allocator) {
        this.allocator = allocator;
    }

    /** Keeps a decrypted record; {@code inPlace} when {@code buf} stays valid until {@link #detach}. */
    public void add(byte[] buf, int off, int len, boolean inPlace) {
        if (len == 0) {
            return;
        }
        if (length == 0 && inPlace) {
            releaseStash();
            data = buf;
            offset = off;
            length = len;
            return;
        }
        ensureStash(length + len);
        System.arraycopy(buf, off, data, offset + length, len);
        length += len;
    }

    /** Copies a view into the stash, so that the inbound buffer may be reused. */
    public void detach() {
        if (length > 0 && stash == null) {
            ensureStash(length);
        }
    }

    /** Whether the bytes are a view into the inbound buffer. */
    public boolean isView() {
        return length > 0 && stash == null;
    }

    public int length() {
        return length;
    }

    /** Copies up to {@code dst.remaining()} bytes; consumes them unless {@code peek}. */
    public int copyTo(ByteBuffer dst, boolean peek) {
        int count = Math.min(dst.remaining(), length);
        dst.put(data, offset, count);
        if (!peek) {
            offset += count;
            length -= count;
            if (length == 0) {
                data = null;
                offset = 0;
                releaseStash();
            }
        }
        return count;
    }

    /** Drops everything (after a fatal error, or data discarded during shutdown). */
    public void clear() {
        data = null;
        offset = 0;
        length = 0;
        releaseStash();
    }

    private void ensureStash(int needed) {
        if (stash != null) {
            int base = stash.arrayOffset();
            if (offset + needed <= base + stash.capacity()) {
                return;
            }
            if (needed <= stash.capacity()) {
                System.arraycopy(data, offset, data, base, length);
                offset = base;
                return;
            }
        }
        int capacity = Math.max(MIN_STASH, Integer.highestOneBit(needed - 1) << 1);
        ByteBuffer grown = allocator.allocate(capacity);
        int base = grown.arrayOffset();
        if (length > 0) {
            System.arraycopy(data, offset, grown.array(), base, length);
        }
        releaseStash();
        stash = grown;
        data = grown.array();
        offset = base;
    }

    private void releaseStash() {
        if (stash != null) {
            allocator.release(stash);
            stash = null;
        }
    }
}
