package dev.niotls.bench.niotls;

import java.nio.ByteBuffer;

/**
 * The bulk sender: once the handshake is done, {@code total} bytes in 16 KiB writes (read-only views of one
 * shared pattern, as a cached file would be), one write queued at a time, each queued when the previous one
 * has left ({@link SessionHandler#drained}); then close_notify and close.
 */
final class StreamService implements SessionHandler {
    static final int WRITE_SIZE = 16 * 1024;
    private static final ByteBuffer PATTERN = pattern();

    private final long total;
    private long queued;

    StreamService(long total) {
        this.total = total;
    }

    private static ByteBuffer pattern() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(WRITE_SIZE);
        for (int i = 0; i < WRITE_SIZE; i++) {
            buffer.put(i, (byte) (i * 31 + 7));
        }
        return buffer.asReadOnlyBuffer();
    }

    @Override
    public void opened(Session session) {
        drained(session);
    }

    @Override
    public void drained(Session session) {
        if (queued >= total) {
            session.closeWhenFlushed();
            return;
        }
        int size = (int) Math.min(WRITE_SIZE, total - queued);
        queued += size;
        session.send(PATTERN.duplicate().limit(size));
    }

    @Override
    public void received(Session session, ByteBuffer data) {
        // A request line or anything else the client says is ignored: the stream starts at the handshake.
    }
}
