package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.EventLoopGroup;

/**
 * What the TLS channels of one event loop, or of a whole group, have done: a live view, readable
 * from any thread while the loops run. Each getter sums the loops' counters at the time of the call;
 * two getters are not read atomically together. Counters cover every {@link TlsServer} and
 * {@link TlsClient} channel on the loops.
 */
public final class TlsCounters {
    private final CounterCells[] loops;

    private TlsCounters(CounterCells[] loops) {
        this.loops = loops;
    }

    /** @return the counters of every loop of {@code group}, summed */
    public static TlsCounters of(EventLoopGroup group) {
        return new TlsCounters(LoopResources.countersOf(group));
    }

    /** @return the counters of one loop */
    public static TlsCounters of(EventLoop loop) {
        return new TlsCounters(new CounterCells[] {LoopResources.of(loop).counters()});
    }

    /** TLS channels open now: accepted or connected, not yet closed (handshaking ones included). */
    public long connectionsOpen() { return sum(CounterCells.CONNECTIONS_OPEN); }

    /** First handshakes completed. */
    public long handshakesDone() { return sum(CounterCells.HANDSHAKES_DONE); }

    /** Channels that closed before their first handshake completed (timeouts, bad input, resets...). */
    public long handshakesFailed() { return sum(CounterCells.HANDSHAKES_FAILED); }

    /** Application bytes delivered to {@link TlsHandler#onData} (plaintext). */
    public long bytesIn() { return sum(CounterCells.BYTES_IN); }

    /** Application bytes written to TLS from the send queues (plaintext). */
    public long bytesOut() { return sum(CounterCells.BYTES_OUT); }

    /** Calls that returned {@code SSL_ERROR_WANT_READ}, counted when a write or handshake waited on it. */
    public long wantReads() { return sum(CounterCells.WANT_READS); }

    /** Calls that returned {@code SSL_ERROR_WANT_WRITE}. */
    public long wantWrites() { return sum(CounterCells.WANT_WRITES); }

    /** TLS 1.2 renegotiations completed, started by either side. */
    public long renegotiations() { return sum(CounterCells.RENEGOTIATIONS); }

    /** TLS 1.3 KeyUpdate messages sent (our own and replies to the peer's). */
    public long keyUpdatesSent() { return sum(CounterCells.KEY_UPDATES_SENT); }

    /** TLS 1.3 KeyUpdate messages received. */
    public long keyUpdatesReceived() { return sum(CounterCells.KEY_UPDATES_RECEIVED); }

    /** Times {@link TlsChannel#send} returned false because the queue reached its limit. */
    public long sendQueueFull() { return sum(CounterCells.SEND_QUEUE_FULL); }

    /** Handler methods that threw (each closed its channel). */
    public long handlerFailures() { return sum(CounterCells.HANDLER_FAILURES); }

    /** Pooled network and plaintext buffers lent to connections now (0 when every connection is idle). */
    public long buffersLent() { return sum(CounterCells.BUFFERS_LENT); }

    /**
     * The most buffers one loop had lent at once, summed over the loops: the pools' high-water mark,
     * which stays near the number of connections busy at the same moment, not the number open.
     */
    public long buffersLentPeak() { return sum(CounterCells.BUFFERS_LENT_PEAK); }

    /** Buffers waiting in the loops' pools for the next connection that needs one. */
    public long buffersPooled() { return sum(CounterCells.BUFFERS_POOLED); }

    /** Channels closed for {@code reason}. */
    public long closed(CloseReason reason) { return sum(CounterCells.CLOSED_BASE + reason.ordinal()); }

    private long sum(int index) {
        long total = 0;
        for (CounterCells loop : loops) {
            total += loop.get(index);
        }
        return total;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("open=").append(connectionsOpen())
                .append(" handshakes=").append(handshakesDone()).append(" failed=").append(handshakesFailed())
                .append(" in=").append(bytesIn()).append(" out=").append(bytesOut())
                .append(" wantRead=").append(wantReads()).append(" wantWrite=").append(wantWrites())
                .append(" renegotiations=").append(renegotiations())
                .append(" keyUpdates=").append(keyUpdatesSent()).append('/').append(keyUpdatesReceived())
                .append(" buffersLent=").append(buffersLent()).append(" peak=").append(buffersLentPeak());
        for (CloseReason reason : CloseReason.values()) {
            long count = closed(reason);
            if (count > 0) {
                text.append(' ').append(reason).append('=').append(count);
            }
        }
        return text.toString();
    }
}
