package dev.niotls.bench.loadgen;

import dev.niotls.bench.niotls.Session;
import dev.niotls.bench.niotls.SessionHandler;
import java.nio.ByteBuffer;

/**
 * One load-generator connection: requests assigned to it by the schedule wait in a FIFO of their intended
 * start times; one is in flight at a time (no pipelining, like wrk2 per connection), and when its response
 * is complete the latency from its <em>intended</em> start is recorded and the next one goes at once.
 */
final class ClientConnection implements SessionHandler {
    private final LoadStats stats;
    private final ByteBuffer request;
    private final ResponseCounter responses;
    private final LongQueue waiting = new LongQueue();
    private Session session;
    private boolean headSent;
    private boolean opened;
    private boolean closed;

    ClientConnection(LoadStats stats, ByteBuffer request, ResponseCounter responses) {
        this.stats = stats;
        this.request = request;
        this.responses = responses;
    }

    boolean isOpened() {
        return opened;
    }

    boolean isClosed() {
        return closed;
    }

    /** Requests assigned and not completed. */
    int outstanding() {
        return waiting.size();
    }

    /** The schedule gives this connection a request meant to start at {@code intendedNanos}. */
    void assign(long intendedNanos) {
        waiting.add(intendedNanos);
        if (!headSent) {
            sendHead();
        }
    }

    private void sendHead() {
        if (session == null || !session.isOpen()) {
            return;
        }
        headSent = true;
        stats.sent++;
        session.send(request.duplicate());
    }

    @Override
    public void opened(Session session) {
        this.session = session;
        this.opened = true;
        stats.opened(session);
        if (waiting.size() > 0) {
            sendHead();
        }
    }

    @Override
    public void received(Session session, ByteBuffer data) {
        int completed = responses.consume(data);
        long now = System.nanoTime();
        for (int i = 0; i < completed && waiting.size() > 0; i++) {
            stats.completed(waiting.poll(), now);
            headSent = false;
        }
        if (waiting.size() > 0 && !headSent) {
            sendHead();
        }
    }

    @Override
    public void closed(Session session, String reason) {
        closed = true;
        stats.closed(reason);
    }

    /** At the end of the run: what never completed, charged the time it has waited so far. */
    void chargeIncomplete(long nowNanos) {
        for (long intended : waiting.drain()) {
            stats.incomplete(intended, nowNanos);
        }
    }
}
