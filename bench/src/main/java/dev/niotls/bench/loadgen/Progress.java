package dev.niotls.bench.loadgen;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** One line a second while the load runs: completions, their rate, and the interval's p99 and max. */
final class Progress {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final LoadStats stats;
    private final long start;
    private final PrintStream out;
    private long nextPrint;
    private long lastCompleted;

    Progress(LoadStats stats, long start, PrintStream out) {
        this.stats = stats;
        this.start = start;
        this.out = out;
        this.nextPrint = start + SECOND;
    }

    void maybePrint(long now) {
        if (now < nextPrint) {
            return;
        }
        nextPrint += SECOND;
        long done = stats.completedCount - lastCompleted;
        lastCompleted = stats.completedCount;
        out.printf(Locale.ROOT, "t=%ds%s sent=%d completed=%d (%d/s) p99=%.0fus max=%.0fus errors=%d%n",
                (now - start) / SECOND, now < stats.recordFromNanos ? " (warm-up)" : "", stats.sent,
                stats.completedCount, done, stats.interval.getValueAtPercentile(99) / 1000.0,
                stats.interval.getMaxValue() / 1000.0, stats.errors);
        stats.interval.reset();
    }
}
