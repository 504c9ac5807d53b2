package dev.niotls.samples;

import dev.niotls.tls.reactor.CloseReason;

/** How one stream transfer ended, as the samples print it. */
final class StreamOutcome {
    final boolean ok;
    final long bytes;
    final long nanos;
    final String detail;
    final int renegotiations;
    final int keyUpdates;

    StreamOutcome(boolean ok, long bytes, long nanos, String detail, int renegotiations, int keyUpdates) {
        this.ok = ok;
        this.bytes = bytes;
        this.nanos = nanos;
        this.detail = detail;
        this.renegotiations = renegotiations;
        this.keyUpdates = keyUpdates;
    }

    static String failure(CloseReason reason, Throwable cause) {
        return "closed: " + reason + (cause == null ? "" : " (" + cause.getMessage() + ")");
    }

    double megabytesPerSecond() {
        return nanos == 0 ? 0 : bytes / (1024.0 * 1024.0) / (nanos / 1e9);
    }

    @Override
    public String toString() {
        return String.format("%s: %d bytes in %.2f s (%.1f MiB/s), %d renegotiations, %d key updates; %s",
                ok ? "OK" : "FAILED", bytes, nanos / 1e9, megabytesPerSecond(), renegotiations, keyUpdates, detail);
    }
}
