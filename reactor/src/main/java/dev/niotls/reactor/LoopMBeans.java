package dev.niotls.reactor;

import javax.management.ObjectName;

/** Registers and unregisters the {@link EventLoopMXBean} of a loop on the platform MBean server. */
final class LoopMBeans {
    private LoopMBeans() {
    }

    /** @return the name registered, or null when registration failed (logged: the loop runs anyway) */
    static ObjectName register(EventLoop loop) {
        return PlatformMBeans.register(new View(loop), "EventLoop", loop.name());
    }

    static void unregister(ObjectName name) {
        PlatformMBeans.unregister(name);
    }

    /** Reads the loop's counters at each call (volatile reads; the loop thread keeps writing). */
    private static final class View implements EventLoopMXBean {
        private final EventLoop loop;
        private final LoopCounters counters;

        View(EventLoop loop) {
            this.loop = loop;
            this.counters = loop.counters();
        }

        @Override public long getLoopTurns() { return counters.loopTurns(); }
        @Override public long getKeysSelected() { return counters.keysSelected(); }
        @Override public long getTasksRun() { return counters.tasksRun(); }
        @Override public long getTimersFired() { return counters.timersFired(); }
        @Override public long getWakeups() { return counters.wakeups(); }
        @Override public long getChannelsOpen() { return counters.channelsOpen(); }
        @Override public long getSleeps() { return counters.sleeps(); }
        @Override public long getPrematureWakeups() { return counters.prematureWakeups(); }
        @Override public long getSelectorRebuilds() { return counters.selectorRebuilds(); }
        @Override public long getHandlerFailures() { return counters.handlerFailures(); }
        @Override public long getAcceptFailures() { return counters.acceptFailures(); }
        @Override public long getServiceAgainCalls() { return counters.serviceAgainCalls(); }
        @Override public String getState() { return loop.state().name(); }
    }
}
