package dev.niotls.tls.events;

import jdk.jfr.FlightRecorder;

/**
 * The reactor's JFR events: a connection closed, and the WANT_READ / WANT_WRITE counts of each loop as a
 * periodic event (JFR asks for them at the period the recording sets; the counters exist anyway, so the read
 * and write path pays nothing for the event).
 */
public final class ReactorEvents {
    private static final System.Logger LOG = System.getLogger(ReactorEvents.class.getName());

    private ReactorEvents() {
    }

    /** Whether a ConnectionClosed event would be recorded now (callers skip gathering its fields otherwise). */
    public static boolean closedEnabled() {
        return new Events.ConnectionClosed().isEnabled();
    }

    /** Writes a ConnectionClosed event if a recording wants it. */
    public static void connectionClosed(long connection, String peer, String reason, String detail, long bytesIn,
            long bytesOut, long lifetimeNanos) {
        Events.ConnectionClosed event = new Events.ConnectionClosed();
        if (event.shouldCommit()) {
            event.connection = connection;
            event.peer = peer;
            event.reason = reason;
            event.detail = detail;
            event.bytesIn = bytesIn;
            event.bytesOut = bytesOut;
            event.lifetime = lifetimeNanos;
            event.commit();
        }
    }

    /** Where the periodic LoopWants event reads its counts: called once per period, on JFR's thread. */
    public interface LoopWantsSource {
        /** Calls {@code sink} once per live loop. */
        void forEachLoop(LoopWantsSink sink);
    }

    /** Receives one loop's counts. */
    public interface LoopWantsSink {
        void loop(String name, long wantReadsTotal, long wantWritesTotal, long wantReadsSinceLast,
                long wantWritesSinceLast);
    }

    /** Registers the periodic LoopWants event once per JVM; a JVM without JFR simply has no event. */
    public static void registerLoopWants(LoopWantsSource source) {
        try {
            FlightRecorder.addPeriodicEvent(Events.LoopWants.class, () -> source.forEachLoop(
                    (name, reads, writes, readsDelta, writesDelta) -> {
                        Events.LoopWants event = new Events.LoopWants();
                        event.loop = name;
                        event.wantReadsTotal = reads;
                        event.wantWritesTotal = writes;
                        event.wantReads = readsDelta;
                        event.wantWrites = writesDelta;
                        event.commit();
                    }));
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "JFR periodic event not registered: " + e);
        }
    }
}
