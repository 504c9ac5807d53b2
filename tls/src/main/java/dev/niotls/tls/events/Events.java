package dev.niotls.tls.events;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * niotls's JFR events ({@code jdk.jfr}, part of the JDK: no dependency). All are off unless a recording turns
 * them on ({@code niotls.jfc}, or {@code -XX:StartFlightRecording:settings=niotls.jfc}); {@code jfr print
 * --events dev.niotls.Handshake recording.jfr} shows them. None records a stack trace: they are about the
 * connection, not the code path.
 */
final class Events {
    private Events() {
    }

    @Name("dev.niotls.Handshake")
    @Label("TLS Handshake")
    @Category({"niotls", "TLS"})
    @Description("A TLS handshake (first or renegotiation), from its start to its end or failure")
    @StackTrace(false)
    static final class Handshake extends Event {
        @Label("Connection") long connection;
        @Label("Role") String role;
        @Label("Renegotiation") boolean renegotiation;
        @Label("Peer") String peer;
        @Label("Protocol") String protocol;
        @Label("Cipher Suite") String cipherSuite;
        @Label("Group") String group;
        @Label("Resumed") boolean resumed;
        @Label("Outcome") String outcome;
        @Label("Reason") String reason;
    }

    @Name("dev.niotls.Alert")
    @Label("TLS Alert")
    @Category({"niotls", "TLS"})
    @Description("A TLS alert sent or received (close_notify included)")
    @StackTrace(false)
    static final class Alert extends Event {
        @Label("Connection") long connection;
        @Label("Direction") String direction;
        @Label("Level") String level;
        @Label("Description") String description;
        @Label("Message") String message;
    }

    @Name("dev.niotls.KeyUpdate")
    @Label("TLS 1.3 KeyUpdate")
    @Category({"niotls", "TLS"})
    @StackTrace(false)
    static final class KeyUpdate extends Event {
        @Label("Connection") long connection;
        @Label("Direction") String direction;
        @Label("Update Requested") boolean updateRequested;
    }

    @Name("dev.niotls.ConnectionClosed")
    @Label("TLS Connection Closed")
    @Category({"niotls", "Reactor"})
    @Description("A connection of the reactor closed: why, bytes each way, lifetime")
    @StackTrace(false)
    static final class ConnectionClosed extends Event {
        @Label("Connection") long connection;
        @Label("Peer") String peer;
        @Label("Reason") String reason;
        @Label("Detail") String detail;
        @Label("Bytes In") @DataAmount long bytesIn;
        @Label("Bytes Out") @DataAmount long bytesOut;
        @Label("Lifetime") @Timespan(Timespan.NANOSECONDS) long lifetime;
    }

    @Name("dev.niotls.LoopWants")
    @Label("WANT_READ / WANT_WRITE per Loop")
    @Category({"niotls", "Reactor"})
    @Description("Per event loop: WANT_READ and WANT_WRITE returns since the previous event, and in total")
    @Period("10 s")
    @StackTrace(false)
    static final class LoopWants extends Event {
        @Label("Loop") String loop;
        @Label("WANT_READ") long wantReads;
        @Label("WANT_WRITE") long wantWrites;
        @Label("WANT_READ Total") long wantReadsTotal;
        @Label("WANT_WRITE Total") long wantWritesTotal;
    }
}
