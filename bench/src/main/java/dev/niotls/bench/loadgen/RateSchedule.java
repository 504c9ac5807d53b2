package dev.niotls.bench.loadgen;

/**
 * When each request of an open-loop load is meant to start: request {@code i} (0-based) at
 * {@code start + i / rate}, whatever happened to the requests before it. Latency is measured from this
 * intended time, not from when the request could actually be sent, so that a server that stalls is charged
 * for every request it delayed (coordinated omission, as wrk2 corrects it).
 */
public final class RateSchedule {
    private final long startNanos;
    private final double ratePerSecond;
    private final long total;

    /**
     * @param startNanos System.nanoTime of request 0
     * @param ratePerSecond requests per second, > 0
     * @param durationNanos how long the schedule runs: requests intended before start + duration
     */
    public RateSchedule(long startNanos, double ratePerSecond, long durationNanos) {
        if (ratePerSecond <= 0 || durationNanos <= 0) {
            throw new IllegalArgumentException("rate and duration must be positive");
        }
        this.startNanos = startNanos;
        this.ratePerSecond = ratePerSecond;
        this.total = (long) Math.ceil(durationNanos / 1e9 * ratePerSecond);
    }

    /** Requests in the whole schedule. */
    public long total() {
        return total;
    }

    /** The intended start of request {@code index}. */
    public long intendedStart(long index) {
        return startNanos + (long) (index * 1e9 / ratePerSecond);
    }

    /** How many requests are due at {@code nowNanos}: those whose intended start is at or before it. */
    public long dueCount(long nowNanos) {
        if (nowNanos < startNanos) {
            return 0;
        }
        long due = (long) Math.floor((nowNanos - startNanos) * ratePerSecond / 1e9) + 1;
        // Floating point may put the boundary one request off: settle it on intendedStart itself.
        while (due > 0 && intendedStart(due - 1) > nowNanos) {
            due--;
        }
        while (due < total && intendedStart(due) <= nowNanos) {
            due++;
        }
        return Math.min(due, total);
    }

    /** Nanoseconds from {@code nowNanos} until request {@code index} is due (0 if it already is). */
    public long nanosUntil(long index, long nowNanos) {
        return Math.max(0, intendedStart(index) - nowNanos);
    }
}
