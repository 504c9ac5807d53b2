package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

/** The server's counters at one moment, and the difference over a run. */
record SoakCounters(long handshakesDone, long handshakesFailed, long renegotiations, long keyUpdatesReceived,
        long keyUpdatesSent, long bytesIn, long bytesOut, long sendQueueFull, long acceptPauses, long[] closed) {

    static SoakCounters of(TlsServer server) {
        TlsCounters counters = server.counters();
        long[] closed = new long[CloseReason.values().length];
        for (CloseReason reason : CloseReason.values()) {
            closed[reason.ordinal()] = counters.closed(reason);
        }
        return new SoakCounters(counters.handshakesDone(), counters.handshakesFailed(), counters.renegotiations(),
                counters.keyUpdatesReceived(), counters.keyUpdatesSent(), counters.bytesIn(), counters.bytesOut(),
                counters.sendQueueFull(), server.acceptPauses(), closed);
    }

    SoakCounters minus(SoakCounters earlier) {
        long[] closes = closed.clone();
        for (int index = 0; index < closes.length; index++) {
            closes[index] -= earlier.closed[index];
        }
        return new SoakCounters(handshakesDone - earlier.handshakesDone, handshakesFailed - earlier.handshakesFailed,
                renegotiations - earlier.renegotiations, keyUpdatesReceived - earlier.keyUpdatesReceived,
                keyUpdatesSent - earlier.keyUpdatesSent, bytesIn - earlier.bytesIn, bytesOut - earlier.bytesOut,
                sendQueueFull - earlier.sendQueueFull, acceptPauses - earlier.acceptPauses, closes);
    }

    long closed(CloseReason reason) {
        return closed[reason.ordinal()];
    }

    /** The run went through every path the churn is there for. */
    void assertEveryPathTaken() {
        assertTrue(renegotiations > 0, "renegotiations: " + this);
        assertTrue(keyUpdatesReceived > 0 && keyUpdatesSent > 0, "key updates: " + this);
        assertTrue(sendQueueFull > 0, "send queue limit: " + this);
        for (CloseReason reason : new CloseReason[] {CloseReason.CLEAN, CloseReason.PEER_RESET,
                CloseReason.HANDSHAKE_TIMEOUT, CloseReason.CLOSE_TIMEOUT, CloseReason.ERROR}) {
            assertTrue(closed(reason) > 0, reason + " closes: " + this);
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "handshakes %,d done / %,d failed, renegotiations %,d, key updates %,d received / %,d sent,"
                        + " %,d / %,d bytes in / out, send queue full %,d, accept pauses %,d, closes:",
                handshakesDone, handshakesFailed, renegotiations, keyUpdatesReceived, keyUpdatesSent, bytesIn,
                bytesOut, sendQueueFull, acceptPauses));
        for (CloseReason reason : CloseReason.values()) {
            text.append(String.format(Locale.ROOT, " %s %,d", reason, closed(reason)));
        }
        return text.toString();
    }
}
