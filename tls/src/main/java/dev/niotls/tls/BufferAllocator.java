package dev.niotls.tls;

import java.nio.ByteBuffer;

/**
 * Where a connection gets its network and plaintext buffers. The connection takes a buffer when it
 * first needs one and, under {@link TlsMode#RELEASE_BUFFERS}, gives it back as soon as it is empty,
 * so an idle connection holds none (a pool per event loop is the intended use).
 *
 * <p>Buffers must be heap buffers with an accessible array: Bouncy Castle works on {@code byte[]}.
 */
public interface BufferAllocator {
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
