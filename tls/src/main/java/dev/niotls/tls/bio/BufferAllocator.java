package dev.niotls.tls.bio;

import java.nio.ByteBuffer;

/**
 * Where a connection gets its network and plaintext buffers. The connection takes a buffer when it
 * first needs one and, under {@code TlsMode.RELEASE_BUFFERS}, gives it back as soon as it is empty,
 * so an idle connection holds none (a pool per event loop is the intended use).
 *
 * <p>Buffers must be heap buffers with an accessible array: Bouncy Castle works on {@code byte[]}.
 */
public interface BufferAllocator {
    /**
     * The capacity a connection asks for its network buffers: one whole TLS record, the header (5 bytes, RFC 8446
     * section 5.1) and the largest TLSCiphertext fragment (2^14 + 2048, RFC 5246 section 6.2.3). A pool keeps a
     * size class of exactly this; it also holds the plaintext of any one record.
     */
    int RECORD_CAPACITY = 5 + (1 << 14) + 2048;

    /** Plain heap allocation; release drops the buffer for the garbage collector. */
    BufferAllocator HEAP = new BufferAllocator() {
        @Override
        public ByteBuffer allocate(int capacity) {
            return ByteBuffer.allocate(capacity);
        }

        @Override
        public void release(ByteBuffer buffer) {
            // Nothing to do: the buffer is garbage once the connection drops it.
        }
    };

    /** A cleared, array-backed buffer of at least {@code capacity} bytes. */
    ByteBuffer allocate(int capacity);

    /** Takes back a buffer that {@link #allocate} gave; the caller no longer touches it. */
    void release(ByteBuffer buffer);
}
