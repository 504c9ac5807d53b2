package dev.niotls.reactor;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What one {@link EventLoop} has done, readable from any thread while the loop runs.
 *
 * <p>All counters but {@link #wakeups()} are written by the loop thread alone with ordered
 * ("lazy") stores, which cost a plain store on x86, so counting adds nothing measurable to the hot
 * path. Each read is a volatile read of one counter; two counters are not read atomically together.
 */
public final class LoopCounters {
    private static final int LOOP_TURNS = 0;
    private static final int KEYS_SELECTED = 1;
    private static final int TASKS_RUN = 2;
    private static final int TIMERS_FIRED = 3;
    private static final int CHANNELS_OPEN = 4;
    private static final int SLEEPS = 5;
    private static final int PREMATURE_WAKEUPS = 6;
    private static final int SELECTOR_REBUILDS = 7;
    private static final int HANDLER_FAILURES = 8;
    private static final int ACCEPT_FAILURES = 9;
    private static final int SERVICE_AGAIN_CALLS = 10;
    private static final int ACCEPT_PAUSES = 11;
    private static final int COUNT = 12;

    private final AtomicLongArray values = new AtomicLongArray(COUNT);
    // Written by every thread that wakes the loop, so it cannot use the single-writer store.
    private final AtomicLong wakeups = new AtomicLong();

    LoopCounters() {}

    /** Turns of the loop (one select, then ready handlers, timers and tasks). */
    public long loopTurns() { return values.get(LOOP_TURNS); }

    /** Selection keys handed to handlers because select() found them ready. */
    public long keysSelected() { return values.get(KEYS_SELECTED); }

    /** Tasks run, from {@link EventLoop#execute}. */
    public long tasksRun() { return values.get(TASKS_RUN); }

    /** Timers whose task ran (cancelled timers never count). */
    public long timersFired() { return values.get(TIMERS_FIRED); }

    /** {@code Selector.wakeup()} calls made by {@link EventLoop#execute}: at most one per {@link #sleeps()}. */
    public long wakeups() { return wakeups.get(); }

    /** Registrations open on this loop: connections, listeners and pending connects. */
    public long channelsOpen() { return values.get(CHANNELS_OPEN); }

    /** Times the loop prepared to block in {@code select()} (each may take at most one wakeup). */
    public long sleeps() { return values.get(SLEEPS); }

    /** Blocking selects that returned early with nothing to do and nobody having woken them. */
    public long prematureWakeups() { return values.get(PREMATURE_WAKEUPS); }

    /** Times the selector was replaced because of too many premature wakeups in a row. */
    public long selectorRebuilds() { return values.get(SELECTOR_REBUILDS); }

    /** Handlers (and tasks, timers, factories) that threw; a throwing handler's channel was closed. */
    public long handlerFailures() { return values.get(HANDLER_FAILURES); }

    /** {@code accept()} calls that failed (for example EMFILE) and made the listener back off. */
    public long acceptFailures() { return values.get(ACCEPT_FAILURES); }

    /**
     * Times a listener of this loop stopped accepting because its connections reached {@link
     * ListenOptions#maxConnections} (it accepts again when one closes).
     */
    public long acceptPauses() { return values.get(ACCEPT_PAUSES); }

    /** Handler calls made because of {@link Registration#serviceAgain()} rather than select(). */
    public long serviceAgainCalls() { return values.get(SERVICE_AGAIN_CALLS); }

    void loopTurn() { increment(LOOP_TURNS); }
    void keySelected() { increment(KEYS_SELECTED); }
    void taskRun() { increment(TASKS_RUN); }
    void timerFired() { increment(TIMERS_FIRED); }
    void wakeup() { wakeups.incrementAndGet(); }
    void channelOpened() { increment(CHANNELS_OPEN); }
    void channelClosed() { values.lazySet(CHANNELS_OPEN, values.get(CHANNELS_OPEN) - 1); }
    void sleep() { increment(SLEEPS); }
    void prematureWakeup() { increment(PREMATURE_WAKEUPS); }
    void selectorRebuilt() { increment(SELECTOR_REBUILDS); }
    void handlerFailed() { increment(HANDLER_FAILURES); }
    void acceptFailed() { increment(ACCEPT_FAILURES); }
    void acceptPaused() { increment(ACCEPT_PAUSES); }
    void servedAgain() { increment(SERVICE_AGAIN_CALLS); }

    private void increment(int index) {
        // Single writer (the loop thread): read-then-ordered-store is exact and cheaper than a CAS.
        values.lazySet(index, values.get(index) + 1);
    }

    @Override
    public String toString() {
        return "turns=" + loopTurns() + " keys=" + keysSelected() + " tasks=" + tasksRun()
                + " timers=" + timersFired() + " wakeups=" + wakeups() + " sleeps=" + sleeps()
                + " open=" + channelsOpen() + " premature=" + prematureWakeups()
                + " rebuilds=" + selectorRebuilds() + " failures=" + handlerFailures()
                + " acceptFailures=" + acceptFailures() + " acceptPauses=" + acceptPauses();
    }
}
