package dev.niotls.reactor;

/**
 * One event loop's {@link LoopCounters} as a platform MXBean, {@code dev.niotls:type=EventLoop,name=<loop>}:
 * registered when the group is built with {@link LoopConfig#registerMBeans(boolean)}, unregistered when the
 * loop ends. jconsole, {@code jcmd} and JMX exporters read it like any other.
 */
public interface EventLoopMXBean {
    long getLoopTurns();
    long getKeysSelected();
    long getTasksRun();
    long getTimersFired();
    long getWakeups();
    long getChannelsOpen();
    long getSleeps();
    long getPrematureWakeups();
    long getSelectorRebuilds();
    long getHandlerFailures();
    long getAcceptFailures();
    long getServiceAgainCalls();
    /** RUNNING, SHUTTING_DOWN or TERMINATED. */
    String getState();
}
