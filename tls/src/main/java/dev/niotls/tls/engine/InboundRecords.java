package dev.niotls.tls.engine;

import dev.niotls.tls.bio.BufferAllocator;
import dev.niotls.tls.bio.Bio;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Ciphertext read from the BIO, cut into whole records before Bouncy Castle sees them.
 *
 * <p>Bouncy Castle's {@code offerInput} decrypts every complete record it is given and queues any
 * remainder in queues that never shrink (SPEC section 8). Offering it exactly one whole record at a
 * time keeps it on its fast path (no copy, decryption in place in our array) and lets the
 * connection stop offering while the application has not read (R8). The buffer holds at most one
 * maximum-size record plus its header, so a flooding peer fills the socket, not the heap.
 */
public final class InboundRecords {
    /** RFC 8446 section 5.1: type(1) + legacy_record_version(2) + length(2). */
    public static final int HEADER_LENGTH = 5;
    /** RFC 5246 section 6.2.3: TLSCiphertext.length is at most 2^14 + 2048 (TLS 1.3 allows less). */
    public static final int MAX_FRAGMENT_LENGTH = (1 << 14) + 2048;
    public static final int CAPACITY = BufferAllocator.RECORD_CAPACITY;
    /** Marks input that cannot be a TLS record at all. */
    public static final int NOT_TLS = -1;

    private final BufferAllocator allocator;
    private final boolean releaseWhenEmpty;
    private ByteBuffer buffer;
    private int start;
    private int end;
    /** Whether the header of the incomplete record at the front was checked already. */
    private boolean headerChecked;

    public InboundRecords(BufferAllocator allocator, boolean releaseWhenEmpty) {
        this.allocator = allocator;
        this.releaseWhenEmpty = releaseWhenEmpty;
    }

    /**
     * Reads from the BIO into the free space. Compacts first, which moves bytes already consumed
     * out of the way: the caller must not hold a view into consumed records when calling this.
     *
     * @return the BIO's result: bytes read, 0 would block, -1 end of stream
     */
    public int fill(Bio bio) throws IOException {
        if (buffer == null) {
            buffer = allocator.allocate(CAPACITY);
            start = 0;
            end = 0;
        } else if (start > 0) {
            compact();
        }
        if (end == buffer.capacity()) {
            return 0; // A whole maximum record is buffered; nextRecordLength() will yield it.
        }
        buffer.limit(buffer.capacity()).position(end);
        int count;
        try {
            count = bio.read(buffer); // IO block: a blocking BIO waits here
        } catch (IOException e) {
            throw new TransportException(e);
        }
        if (count > 0) {
            end += count;
        }
        return count;
    }

    /**
     * The length of the whole record at the front, 0 while it is incomplete, or {@link #NOT_TLS}
     * when the header cannot start a TLS record (Bouncy Castle then raises the alert itself).
     */
    public int nextRecordLength() {
        int available = end - start;
        if (available < HEADER_LENGTH) {
            return 0;
        }
        byte[] array = buffer.array();
        int base = buffer.arrayOffset() + start;
        int type = array[base];
        int major = array[base + 1];
        int length = ((array[base + 3] & 0xFF) << 8) | (array[base + 4] & 0xFF);
        // change_cipher_spec(20), alert(21), handshake(22), application_data(23); major version 3.
        if (type < 20 || type > 23 || major != 3 || length > MAX_FRAGMENT_LENGTH) {
            return NOT_TLS;
        }
        int total = HEADER_LENGTH + length;
        return available >= total ? total : 0;
    }

    public byte[] array() {
        return buffer.array();
    }

    /** Array index of the first unconsumed byte. */
    public int offset() {
        return buffer.arrayOffset() + start;
    }

    /** Bytes buffered and not yet consumed. */
    public int buffered() {
        return end - start;
    }

    /** Drops {@code length} bytes from the front (after Bouncy Castle has processed them). */
    public void consume(int length) {
        headerChecked = false;
        start += length;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /**
     * Whether the front record is incomplete and its header has not been checked yet; marks it
     * checked, so each record's header is checked once.
     */
    public boolean takeUncheckedHeader() {
        if (headerChecked || end - start < HEADER_LENGTH) {
            return false;
        }
        headerChecked = true;
        return true;
    }

    /** Whether {@code array} is this buffer's array (Bouncy Castle decrypted in place). */
    public boolean owns(byte[] array) {
        return buffer != null && buffer.array() == array;
    }

    /** Gives the buffer back if it is empty and the mode asks for it. */
    public void releaseIfEmpty() {
        if (releaseWhenEmpty && buffer != null && start == end) {
            release();
        }
    }

    /** Gives the buffer back, dropping what it holds. */
    public void release() {
        if (buffer != null) {
            allocator.release(buffer);
            buffer = null;
            start = 0;
            end = 0;
            headerChecked = false;
        }
    }

    /** Whether a buffer is held (for tests and memory accounting). */
    public boolean isAllocated() {
        return buffer != null;
    }

    private void compact() {
        byte[] array = buffer.array();
        int base = buffer.arrayOffset();
        System.arraycopy(array, base + start, array, base, end - start);
        end -= start;
        start = 0;
    }
}
