package dev.niotls.tls.bio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * An unbounded in-memory BIO: bytes written are appended, bytes read are taken from the front.
 * The twin of OpenSSL's {@code BIO_s_mem}.
 *
 * <p>Reading an empty buffer returns 0 ("would block", WANT_READ), as {@code BIO_s_mem} does with its
 * default {@code BIO_set_mem_eof_return(-1)}; after {@link #markEof()} it returns -1 (end of stream)
 * once the buffered bytes are drained, like {@code BIO_set_mem_eof_return(0)}. Writes always take
 * every byte: the buffer grows (doubling) as needed and is reused without allocation once large enough.
 *
 * <p>Not thread-safe: one thread writes and reads (a test feeding recorded bytes, a fuzzer).
 */
public final class MemoryBio implements Bio {
    /** Largest array the JVM reliably allocates. */
    private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

    private byte[] data;
    private int readIndex;
    private int writeIndex;
    private boolean eof;
    private boolean closed;

    /** An empty buffer of a small initial capacity. */
    public MemoryBio() {
        this(256);
    }

    /** An empty buffer that holds {@code initialCapacity} bytes before it first grows. */
    public MemoryBio(int initialCapacity) {
        if (initialCapacity < 1) {
            throw new IllegalArgumentException("initialCapacity must be at least 1: " + initialCapacity);
        }
        this.data = new byte[initialCapacity];
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        int count = Math.min(dst.remaining(), readable());
        if (count == 0 && dst.hasRemaining()) {
            return eof ? -1 : 0;
        }
        dst.put(data, readIndex, count);
        readIndex += count;
        if (readIndex == writeIndex) {
            readIndex = 0; // empty: start over at the front, no copy needed
            writeIndex = 0;
        }
        return count;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (closed || eof) {
            throw new ClosedChannelException();
        }
        int count = src.remaining();
        ensureSpace(count);
        src.get(data, writeIndex, count);
        writeIndex += count;
        return count;
    }

    /** Appends {@code bytes} (a convenience for tests feeding recorded input). */
    public void write(byte[] bytes) throws IOException {
        write(ByteBuffer.wrap(bytes));
    }

    /** Bytes written and not read yet ({@code BIO_ctrl_pending}). */
    public int readable() {
        return writeIndex - readIndex;
    }

    /**
     * Marks end of stream: once the buffered bytes are read, reads return -1; writes fail from now on.
     * The twin of {@code BIO_set_mem_eof_return(bio, 0)} plus the writer being done.
     */
    public void markEof() {
        eof = true;
    }

    /** Same as {@link #markEof()}. */
    @Override
    public void shutdownOutput() {
        markEof();
    }

    @Override
    public boolean isBlocking() {
        return false;
    }

    /** Drops the buffer; later reads and writes fail. */
    @Override
    public void close() {
        closed = true;
        data = new byte[0];
        readIndex = 0;
        writeIndex = 0;
    }

    private void ensureSpace(int count) throws IOException {
        if (data.length - writeIndex >= count) {
            return;
        }
        int readable = readable();
        if ((long) readable + count > MAX_CAPACITY) {
            throw new IOException("MemoryBio full: " + readable + " + " + count + " bytes");
        }
        if (data.length - readable >= count) {
            // Enough room once the consumed front is reclaimed: slide the unread bytes down.
            System.arraycopy(data, readIndex, data, 0, readable);
        } else {
            long wanted = Math.max((long) data.length * 2, (long) readable + count);
            byte[] grown = new byte[(int) Math.min(wanted, MAX_CAPACITY)];
            System.arraycopy(data, readIndex, grown, 0, readable);
            data = grown;
        }
        readIndex = 0;
        writeIndex = readable;
    }

    @Override
    public String toString() {
        return "MemoryBio[readable=" + readable() + (eof ? ", eof" : "") + "]";
    }
}
