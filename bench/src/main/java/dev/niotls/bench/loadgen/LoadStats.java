package dev.niotls.bench.loadgen;

import dev.niotls.bench.niotls.Session;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Everything the load generator counts, on its one thread: the run's latency histogram (from the
 * intended start, in nanoseconds), an interval histogram for the progress line, and the counters.
 */
final class LoadStats {
    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(2);

    final Histogram total = new Histogram(HIGHEST, 3);
    final Histogram interval = new Histogram(HIGHEST, 3);
    long sent;
    long completedCount;
    long recordedCount;
    long incompleteCount;
    long openedCount;
    long errors;
    String firstError;
    String negotiated = "";
    /** Requests meant to start before this time (the warm-up) are not recorded. */
    long recordFromNanos = Long.MAX_VALUE;

    void opened(Session session) {
        openedCount++;
        if (negotiated.isEmpty()) {
            negotiated = session.describe();
        }
    }

    /** A response came: latency from the intended start; recorded when the request belongs to the measured window. */
    void completed(long intendedNanos, long nowNanos) {
        completedCount++;
        long value = clamp(nowNanos - intendedNanos);
        interval.recordValue(value);
        if (intendedNanos >= recordFromNanos) {
            recordedCount++;
            total.recordValue(value);
        }
    }

    /**
     * A request of the measured window still unanswered at the end: recorded with the time it waited, so a
     * stall is not hidden.
     */
    void incomplete(long intendedNanos, long nowNanos) {
        if (intendedNanos >= recordFromNanos) {
            incompleteCount++;
            total.recordValue(clamp(nowNanos - intendedNanos));
        }
    }

    private static long clamp(long latencyNanos) {
        return Math.min(Math.max(latencyNanos, 1), HIGHEST);
    }

    void closed(String reason) {
        if (reason != null) {
            errors++;
            if (firstError == null) {
                firstError = reason;
            }
        }
    }
}
