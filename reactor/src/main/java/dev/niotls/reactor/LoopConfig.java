package dev.niotls.reactor;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link EventLoopGroup} and its loops behave. Immutable; each setter returns a copy.
 *
 * <pre>{@code
 * new EventLoopGroup(LoopConfig.defaults().loops(2).shutdownGrace(Duration.ofSeconds(2)))
 * }</pre>
 */
public final class LoopConfig {
    private final int loops;
    private final String threadNamePrefix;
    private final Duration taskBudget;
    private final Duration shutdownGrace;
    private final int prematureWakeupThreshold;
    private final boolean registerMBeans;

    private LoopConfig(int loops, String threadNamePrefix, Duration taskBudget, Duration shutdownGrace,
            int prematureWakeupThreshold, boolean registerMBeans) {
        this.registerMBeans = registerMBeans;
        this.loops = loops;
        this.threadNamePrefix = threadNamePrefix;
        this.taskBudget = taskBudget;
        this.shutdownGrace = shutdownGrace;
        this.prematureWakeupThreshold = prematureWakeupThreshold;
    }

    /**
     * @return one loop per available processor, threads {@code niotls-loop-N}, 1 ms task budget,
     *     5 s shutdown grace, selector rebuilt after 512 premature wakeups in a row (Netty's
     *     {@code SELECTOR_AUTO_REBUILD_THRESHOLD}, against the epoll spin of JDK-6670302)
     */
    public static LoopConfig defaults() {
        return new LoopConfig(Runtime.getRuntime().availableProcessors(), "niotls-loop",
                Duration.ofMillis(1), Duration.ofSeconds(5), 512, false);
    }

    /** @param count loops (threads) in the group, at least 1 */
    public LoopConfig loops(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("loops must be at least 1: " + count);
        }
        return new LoopConfig(count, threadNamePrefix, taskBudget, shutdownGrace, prematureWakeupThreshold,
                registerMBeans);
    }

    /** @param prefix thread names are {@code prefix-index} */
    public LoopConfig threadNamePrefix(String prefix) {
        return new LoopConfig(loops, Objects.requireNonNull(prefix), taskBudget, shutdownGrace,
                prematureWakeupThreshold, registerMBeans);
    }

    /**
     * The least time per turn given to tasks from {@link EventLoop#execute}. A turn runs tasks for
     * {@code max(taskBudget, time spent on I/O this turn)}, so tasks get at least as much time as I/O
     * (cannot be starved by I/O), and at most that (cannot starve I/O: leftover tasks wait for the
     * next turn, which then selects without blocking).
     *
     * @param budget positive
     */
    public LoopConfig taskBudget(Duration budget) {
        requirePositive(budget, "taskBudget");
        return new LoopConfig(loops, threadNamePrefix, budget, shutdownGrace, prematureWakeupThreshold, registerMBeans);
    }

    /** @param grace how long {@link EventLoopGroup#close()} lets handlers close their channels */
    public LoopConfig shutdownGrace(Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("shutdownGrace must not be negative: " + grace);
        }
        return new LoopConfig(loops, threadNamePrefix, taskBudget, grace, prematureWakeupThreshold, registerMBeans);
    }

    /** @param threshold premature empty wakeups in a row after which the selector is rebuilt, at least 1 */
    public LoopConfig prematureWakeupThreshold(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("prematureWakeupThreshold must be at least 1: " + threshold);
        }
        return new LoopConfig(loops, threadNamePrefix, taskBudget, shutdownGrace, threshold, registerMBeans);
    }

    /**
     * Registers each loop's {@link LoopCounters} as a platform MBean, {@code dev.niotls:type=EventLoop,name=<thread
     * name>} (seen by jconsole, {@code jcmd}, JMX exporters), unregistered when the loop ends. Off by default.
     */
    public LoopConfig registerMBeans(boolean register) {
        return new LoopConfig(loops, threadNamePrefix, taskBudget, shutdownGrace, prematureWakeupThreshold, register);
    }

    public boolean registersMBeans() { return registerMBeans; }
    public int loops() { return loops; }
    public String threadNamePrefix() { return threadNamePrefix; }
    public Duration taskBudget() { return taskBudget; }
    public Duration shutdownGrace() { return shutdownGrace; }
    public int prematureWakeupThreshold() { return prematureWakeupThreshold; }

    private static void requirePositive(Duration value, String name) {
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
