package dev.niotls.tls.reactor;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The TLS counters of one event loop. Written by that loop's thread alone with ordered ("lazy")
 * stores, which cost a plain store on x86 (as the reactor's own {@code LoopCounters}); read from any
 * thread through {@link TlsCounters}.
 */
final class CounterCells {
    static final int CONNECTIONS_OPEN = 0;
    static final int HANDSHAKES_DONE = 1;
    static final int HANDSHAKES_FAILED = 2;
    static final int BYTES_IN = 3;
    static final int BYTES_OUT = 4;
    static final int WANT_READS = 5;
    static final int WANT_WRITES = 6;
    static final int RENEGOTIATIONS = 7;
    static final int KEY_UPDATES_SENT = 8;
    static final int KEY_UPDATES_RECEIVED = 9;
    static final int SEND_QUEUE_FULL = 10;
    static final int HANDLER_FAILURES = 11;
    static final int BUFFERS_LENT = 12;
    static final int BUFFERS_POOLED = 13;
    static final int BUFFERS_LENT_PEAK = 14;
    /** Then one counter per {@link CloseReason}, in ordinal order. */
    static final int CLOSED_BASE = 15;
    static final int COUNT = CLOSED_BASE + CloseReason.values().length;

    private final AtomicLongArray values = new AtomicLongArray(COUNT);

    long get(int index) {
        return values.get(index);
    }

    void increment(int index) {
        add(index, 1);
    }

    void add(int index, long delta) {
        // Single writer (the loop thread): read-then-ordered-store is exact and cheaper than a CAS.
        values.lazySet(index, values.get(index) + delta);
    }

    void closed(CloseReason reason) {
        increment(CLOSED_BASE + reason.ordinal());
    }
}
