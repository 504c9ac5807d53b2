package dev.niotls.reactor;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A value that each {@link EventLoop} keeps for a layer above the reactor, made the first time it is asked for:
 * the loop's twin of a {@link ThreadLocal} (Netty's {@code FastThreadLocal} on its event loops). The TLS layer keeps
 * its buffer pool, read buffer and counters per loop this way; the reactor never looks inside.
 *
 * <pre>{@code
 * private static final LoopLocal<Pool> POOL = new LoopLocal<>(loop -> new Pool());
 * ...
 * Pool pool = POOL.get(registration.loop());   // one array read once the value exists
 * }</pre>
 *
 * <p>{@link #get} reads one element of the loop's array: no lock, no map, no allocation once the value exists, so it
 * belongs on the hot path. The value is made once per loop, by whichever thread asks first (the loop's own, as a
 * rule), and is then seen by every thread; what the value allows from which thread is its own business (TLS's
 * buffer pool is used by the loop's thread only, its counters are read from anywhere). A value lives as long as
 * its loop. Create LoopLocals once (static final fields): each takes a slot in every loop for good.
 */
public final class LoopLocal<T> {
    static final Object[] NONE = new Object[0];
    private static final AtomicInteger NEXT_INDEX = new AtomicInteger();

    private final int index = NEXT_INDEX.getAndIncrement();
    private final Function<EventLoop, ? extends T> initial;

    /** @param initial makes a loop's value, called once per loop, on the thread that first asks; never null */
    public LoopLocal(Function<EventLoop, ? extends T> initial) {
        this.initial = Objects.requireNonNull(initial, "initial");
    }

    /** This loop's value, made by the initial function the first time; from any thread. */
    @SuppressWarnings("unchecked")
    public T get(EventLoop loop) {
        Object[] values = loop.locals;
        if (index < values.length && values[index] != null) {
            return (T) values[index];
        }
        return make(loop);
    }

    /** Once per loop: copies the loop's array with the new value and publishes it (a volatile write). */
    @SuppressWarnings("unchecked")
    private T make(EventLoop loop) {
        // One lock for all loops: this runs once per loop and LoopLocal, and two LoopLocals made at once on one loop
        // must not drop each other's value.
        synchronized (LoopLocal.class) {
            Object[] values = loop.locals;
            if (index < values.length && values[index] != null) {
                return (T) values[index]; // another thread made it meanwhile
            }
            T value = Objects.requireNonNull(initial.apply(loop), "the initial value of a LoopLocal");
            Object[] grown = Arrays.copyOf(values, Math.max(values.length, index + 1));
            grown[index] = value;
            loop.locals = grown;
            return value;
        }
    }
}
