package dev.niotls.tls.reactor;

import dev.niotls.tls.BufferAllocator;
import java.nio.ByteBuffer;

/**
 * One connection's window on its loop's {@link BufferPool}: it remembers which pooled buffers the
 * connection holds, so that a connection that dies holding some (a reset in the middle of a record,
 * a timeout) is accounted for: its buffers are written off, never handed to another connection while
 * the dead one might still refer to them.
 */
final class ConnectionBuffers implements BufferAllocator {
    private final BufferPool pool;
    private ByteBuffer[] held = new ByteBuffer[4];
    private int count;

    ConnectionBuffers(BufferPool pool) {
        this.pool = pool;
    }

    @Override
    public ByteBuffer allocate(int capacity) {
        ByteBuffer buffer = pool.allocate(capacity);
        if (count == held.length) {
            held = java.util.Arrays.copyOf(held, count * 2);
        }
        held[count++] = buffer;
        return buffer;
    }

    @Override
    public void release(ByteBuffer buffer) {
        for (int index = 0; index < count; index++) {
            if (held[index] == buffer) {
                held[index] = held[--count];
                held[count] = null;
                pool.release(buffer);
                return;
            }
        }
        throw new IllegalArgumentException("released a buffer this connection does not hold");
    }

    /** @return pooled buffers this connection holds now (0 when it is idle under RELEASE_BUFFERS) */
    int held() {
        return count;
    }

    /** The connection is gone: forget what it still holds, leaving it to the garbage collector. */
    void abandon() {
        for (int index = 0; index < count; index++) {
            pool.writeOff(held[index]);
            held[index] = null;
        }
        count = 0;
    }
}
