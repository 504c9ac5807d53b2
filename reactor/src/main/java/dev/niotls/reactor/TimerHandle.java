package dev.niotls.reactor;

import java.util.concurrent.TimeUnit;

/**
 * A task scheduled on one loop after a relative delay ({@link EventLoop#schedule}); the handle to
 * cancel or move it. The twin of a libevent timer {@code event} ({@code evtimer_add} / {@code
 * evtimer_del}).
 *
 * <p>States: pending (queued) → fired (the task ran) or cancelled. {@link #reschedule} brings any
 * state back to pending, so one handle serves a whole connection's idle timer without allocating.
 * Use it on the loop's thread, except {@link #cancel()} which is safe from any thread.
 */
public final class TimerHandle {
    /** Deadlines further than this are clamped so {@code deadline - now} can never overflow. */
    static final long MAX_DELAY_NANOS = Long.MAX_VALUE >> 2;

    private final TimerQueue queue;
    private final Runnable task;
    long deadlineNanos;
    long sequence;
    /** Position in the queue's heap, or -1 when not queued (fired, cancelled). */
    int heapIndex = -1;
    private boolean cancelled;

    TimerHandle(TimerQueue queue, Runnable task) {
        this.queue = queue;
        this.task = task;
    }

    /**
     * Removes the timer so its task never runs. Removal is from the middle of the heap, O(log n):
     * a cancelled timer holds no memory (no lazy purge needed).
     *
     * @return {@code true} if the timer was pending and is now cancelled; from another thread the
     *     cancel is handed to the loop and {@code true} means it was requested
     */
    public boolean cancel() {
        if (!queue.loop().inEventLoop()) {
            queue.loop().executeIfRunning(this::cancel);
            return true;
        }
        if (heapIndex < 0) {
            return false;
        }
        queue.remove(this);
        cancelled = true;
        return true;
    }

    /**
     * Moves the deadline to {@code delay} from now, whether the timer is pending, fired or cancelled.
     *
     * @param delay the new delay, 0 or more
     * @param unit its unit
     * @throws IllegalStateException off the loop's thread
     */
    public void reschedule(long delay, TimeUnit unit) {
        queue.loop().requireInLoop("reschedule");
        if (heapIndex >= 0) {
            queue.remove(this);
        }
        cancelled = false;
        queue.add(this, unit.toNanos(delay));
    }

    /** @return {@code true} while the timer waits for its deadline */
    public boolean isPending() {
        return heapIndex >= 0;
    }

    /** @return {@code true} if the last schedule was cancelled */
    public boolean isCancelled() {
        return cancelled;
    }

    /** @return nanoseconds left until the deadline ({@link System#nanoTime()} scale), negative if past */
    public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    Runnable task() {
        return task;
    }

    /** Orders by deadline, then by scheduling order, overflow-safe ({@code System.nanoTime} rule). */
    boolean firesBefore(TimerHandle other) {
        long difference = deadlineNanos - other.deadlineNanos;
        return difference < 0 || (difference == 0 && sequence < other.sequence);
    }

    @Override
    public String toString() {
        return "TimerHandle[" + (isPending() ? "pending " + remainingNanos() + " ns" : cancelled ? "cancelled" : "done") + "]";
    }
}
