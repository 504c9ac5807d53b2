package dev.niotls.tls.reactor;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.events.ReactorEvents;
import java.net.InetSocketAddress;

/**
 * What one channel adds to its loop's counters ({@link TlsCounters}) and to the JFR ConnectionClosed event:
 * plaintext bytes each way, the renegotiations and KeyUpdates its connection counts, and its end.
 *
 * <p>{@link ReactorChannel} extends it rather than holding one: every channel, idle ones included, carries
 * these counts, and a separate object would add its header and a reference to each (BENCHMARKS.md, "issue 13:
 * idle memory after the carve").
 */
abstract class ChannelCounts {
    /** The connection's counts already added to the loop's counters. */
    private int seenRenegotiations;
    private int seenKeyUpdatesSent;
    private int seenKeyUpdatesReceived;
    /** For the JFR ConnectionClosed event: plaintext bytes each way, and when the channel was made. */
    private long bytesIn;
    private long bytesOut;
    private final long createdNanos = System.nanoTime();

    /** The counters of the channel's loop. */
    abstract CounterCells counters();

    /** {@code SSL_write} took {@code count} plaintext bytes. */
    final void countOut(int count) {
        counters().add(CounterCells.BYTES_OUT, count);
        bytesOut += count;
    }

    /** {@code SSL_read} returned {@code count} plaintext bytes. */
    final void countIn(int count) {
        counters().add(CounterCells.BYTES_IN, count);
        bytesIn += count;
    }

    /** Moves the connection's renegotiation and KeyUpdate counts to the loop's counters. */
    final void syncCounters(TlsConnection connection) {
        int renegotiations = connection.renegotiations();
        int sent = connection.keyUpdatesSent();
        int received = connection.keyUpdatesReceived();
        if (renegotiations == seenRenegotiations && sent == seenKeyUpdatesSent && received == seenKeyUpdatesReceived) {
            return; // the usual case: three loads, no stores
        }
        CounterCells counters = counters();
        counters.add(CounterCells.RENEGOTIATIONS, renegotiations - seenRenegotiations);
        counters.add(CounterCells.KEY_UPDATES_SENT, sent - seenKeyUpdatesSent);
        counters.add(CounterCells.KEY_UPDATES_RECEIVED, received - seenKeyUpdatesReceived);
        seenRenegotiations = renegotiations;
        seenKeyUpdatesSent = sent;
        seenKeyUpdatesReceived = received;
    }

    /**
     * The channel closed.
     *
     * @param connection its connection; null when it never had one (a client whose connect failed)
     * @param registered whether it was registered, so counted open
     * @param handshaking whether it closed during its first handshake (a failed handshake)
     */
    final void countClosed(TlsConnection connection, boolean registered, boolean handshaking,
            InetSocketAddress remoteAddress, CloseReason reason, Throwable cause) {
        CounterCells counters = counters();
        if (registered) {
            syncCounters(connection); // registered implies connected: the connection exists
            counters.add(CounterCells.CONNECTIONS_OPEN, -1);
            if (handshaking) {
                counters.increment(CounterCells.HANDSHAKES_FAILED);
            }
        }
        counters.closed(reason);
        if (ReactorEvents.closedEnabled()) {
            ReactorEvents.connectionClosed(connection == null ? 0 : connection.id(), String.valueOf(remoteAddress),
                    reason.name(), cause == null ? null : cause.toString(), bytesIn, bytesOut,
                    System.nanoTime() - createdNanos);
        }
    }
}
