package dev.niotls.tls.engine;

/**
 * Counts peer-initiated renegotiations in a sliding time window (SPEC H5): a peer that asks for a
 * handshake again and again makes us do public-key work each time (the "renegotiation DoS",
 * CVE-2011-1473), so past the budget we answer no_renegotiation.
 */
final class RenegotiationBudget {
    private final long[] acceptedAt;
    private final long windowNanos;
    private int next;

    public RenegotiationBudget(int maxPerWindow, long windowNanos) {
        this.acceptedAt = new long[Math.max(0, maxPerWindow)];
        this.windowNanos = windowNanos;
        java.util.Arrays.fill(acceptedAt, Long.MIN_VALUE);
    }

    /** Records one renegotiation at {@code nowNanos} if the budget allows it. */
    public boolean tryAcquire(long nowNanos) {
        if (acceptedAt.length == 0) {
            return false;
        }
        long oldest = acceptedAt[next];
        if (oldest != Long.MIN_VALUE && nowNanos - oldest < windowNanos) {
            return false;
        }
        acceptedAt[next] = nowNanos;
        next = (next + 1) % acceptedAt.length;
        return true;
    }
}
