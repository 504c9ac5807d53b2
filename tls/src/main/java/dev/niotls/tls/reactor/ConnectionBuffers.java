package dev.niotls.tls.reactor;

import dev.niotls.tls.bio.BufferAllocator;
import java.nio.ByteBuffer;

/**
 * One connection's window on its loop's {@link BufferPool}: it remembers which pooled buffers the
 * connection holds, so that a connection that dies holding some (a reset in the middle of a record,
 * a timeout) is accounted for: its buffers are written off, never handed to another connection while
 * the dead one might still refer to them.
 */
final class ConnectionBuffers implements BufferAllocator {
    private final BufferPool pool;
    /**
     * What the connection holds: at most its inbound and outbound records and a plaintext stash at a time, so
     * three slots; a fourth and more (never seen) go to {@code more}. Fields, not an array: an idle channel
     * keeps this object, and an array would be 32 bytes more of it (nor a count: {@link #held()} counts).
     */
    private ByteBuffer first;
    private ByteBuffer second;
    private ByteBuffer third;
    private ByteBuffer[] more;

    ConnectionBuffers(BufferPool pool) {
        this.pool = pool;
    }

    @Override
    public ByteBuffer allocate(int capacity) {
        ByteBuffer buffer = pool.allocate(capacity);
        if (first == null) {
            first = buffer;
        } else if (second == null) {
            second = buffer;
        } else if (third == null) {
            third = buffer;
        } else {
            addMore(buffer);
        }
        return buffer;
    }

    private void addMore(ByteBuffer buffer) {
        if (more == null) {
            more = new ByteBuffer[4];
        }
        for (int index = 0; index < more.length; index++) {
            if (more[index] == null) {
                more[index] = buffer;
                return;
            }
        }
        int index = more.length;
        more = java.util.Arrays.copyOf(more, index * 2);
        more[index] = buffer;
    }

    @Override
    public void release(ByteBuffer buffer) {
        if (!forget(buffer)) {
            throw new IllegalArgumentException("released a buffer this connection does not hold");
        }
        pool.release(buffer);
    }

    private boolean forget(ByteBuffer buffer) {
        if (first == buffer) {
            first = null;
        } else if (second == buffer) {
            second = null;
        } else if (third == buffer) {
            third = null;
        } else {
            for (int index = 0; more != null && index < more.length; index++) {
                if (more[index] == buffer) {
                    more[index] = null;
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** @return pooled buffers this connection holds now (0 when it is idle under RELEASE_BUFFERS) */
    int held() {
        int count = (first == null ? 0 : 1) + (second == null ? 0 : 1) + (third == null ? 0 : 1);
        for (int index = 0; more != null && index < more.length; index++) {
            count += more[index] == null ? 0 : 1;
        }
        return count;
    }

    /** The connection is gone: forget what it still holds, leaving it to the garbage collector. */
    void abandon() {
        writeOff(first);
        writeOff(second);
        writeOff(third);
        for (int index = 0; more != null && index < more.length; index++) {
            writeOff(more[index]);
        }
        first = null;
        second = null;
        third = null;
        more = null;
    }

    private void writeOff(ByteBuffer buffer) {
        if (buffer != null) {
            pool.writeOff(buffer);
        }
    }
}
