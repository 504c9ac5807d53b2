package dev.niotls.reactor;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tasks handed to a loop from any thread, in submission order, with coalesced wakeups.
 *
 * <p>The loop raises {@code sleeping} just before it blocks in {@code select()} and re-checks the
 * queue after raising it. A producer adds its task first and then tries to lower the flag: only the
 * producer that wins the compare-and-set calls {@code Selector.wakeup()}, so a burst of tasks costs
 * one wakeup system call per sleep, not one per task (the same protocol as Netty's
 * {@code nextWakeupNanos}). Both sides write then read volatile state, so at least one of them sees
 * the other: a task is never left waiting behind a sleeping selector.
 */
final class TaskQueue {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Runnable wakeSelector;
    /** Loop thread only: a producer's wakeup() may still arrive after the loop backed out of a sleep. */
    private boolean lateWakeupExpected;

    TaskQueue(Runnable wakeSelector) {
        this.wakeSelector = wakeSelector;
    }

    void add(Runnable task) {
        tasks.add(task);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            wakeSelector.run();
        }
    }

    /** Takes back a task the loop can no longer run; {@code false} if the loop took it first. */
    boolean withdraw(Runnable task) {
        return tasks.remove(task);
    }

    Runnable poll() {
        return tasks.poll();
    }

    boolean isEmpty() {
        return tasks.isEmpty();
    }

    /** Loop thread: @return {@code true} if the loop may block, {@code false} if tasks arrived */
    boolean prepareToSleep() {
        sleeping.set(true);
        if (tasks.isEmpty()) {
            return true;
        }
        if (!sleeping.getAndSet(false)) {
            // A producer won the flag and calls wakeup(), maybe after the selectNow() that follows
            // (which clears earlier wakeups only): the next blocking select may return at once.
            lateWakeupExpected = true;
        }
        return false;
    }

    /** Loop thread, after select() returned: @return {@code true} if a producer woke the loop */
    boolean wokenByProducer() {
        boolean woken = !sleeping.getAndSet(false) || lateWakeupExpected;
        lateWakeupExpected = false;
        return woken;
    }
}
