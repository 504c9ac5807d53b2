package dev.niotls.reactor;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handler of a listening channel: accepts connections and hands each to the group's next loop
 * (round-robin), where the user's {@link HandlerFactory} creates its handler.
 *
 * <p>When {@code accept()} fails (EMFILE/ENFILE at the descriptor limit, ENOBUFS), the pending
 * connection stays in the backlog and the listening key stays ready: retrying at once would spin a
 * core at 100 % (the classic "accept storm"). So the acceptor drops {@code OP_ACCEPT} and re-arms it
 * after a delay that doubles from 10 ms up to 1 s, and returns to 10 ms after the next success.
 *
 * <p>The connection limit ({@link ListenOptions#maxConnections}) works the same way, without a
 * timer: at the limit the acceptor drops {@code OP_ACCEPT} (a <em>pause</em>) and leaves the next
 * connections in the kernel's backlog, rather than accepting them only to close them. Each accepted
 * connection's {@link Registration} reports its close to {@link #connectionClosed()}, from whichever
 * loop owns it; the close that takes the count below the limit hands a resume task to this
 * listener's loop. A pause and a close that race are settled by the pause re-reading the count after
 * it published {@link #paused} (either the closer sees the flag, or the pauser sees the new count).
 */
final class Acceptor implements ChannelHandler {
    private static final System.Logger LOG = System.getLogger(Acceptor.class.getName());
    static final long MIN_BACKOFF_MILLIS = 10;
    static final long MAX_BACKOFF_MILLIS = 1_000;
    /** Accepts per readiness: enough to drain a burst, bounded so one listener cannot hog a turn. */
    private static final int MAX_ACCEPTS_PER_TURN = 64;

    private final EventLoopGroup group;
    private final HandlerFactory factory;
    private final AcceptCall acceptCall;
    /** 0: no limit. */
    private final int maxConnections;
    /** Connections accepted here and not yet closed, whichever loop owns them. */
    private final AtomicInteger open = new AtomicInteger();
    /** At the connection limit, {@code OP_ACCEPT} dropped. Written on this listener's loop, read by any. */
    private volatile boolean paused;
    /** A resume task is on its way to this listener's loop: one is enough for a burst of closes. */
    private final AtomicBoolean resumeQueued = new AtomicBoolean();
    /** Pauses at the limit; written on this listener's loop only. */
    private volatile long pauses;
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    /** Waiting for the back-off timer after a failed accept; the limit must not re-arm before it. */
    private boolean backingOff;
    private TimerHandle rearm;
    private Registration registration;

    Acceptor(EventLoopGroup group, HandlerFactory factory, ListenOptions options) {
        this.group = group;
        this.factory = factory;
        this.acceptCall = options.acceptCall();
        this.maxConnections = options.maxConnections();
    }

    @Override
    public void registered(Registration value) {
        registration = value;
    }

    @Override
    public void ready(Registration registration, int readyOps) {
        ServerSocketChannel server = (ServerSocketChannel) registration.channel();
        for (int accepted = 0; accepted < MAX_ACCEPTS_PER_TURN; accepted++) {
            if (atLimit() && pause()) {
                return;
            }
            SocketChannel channel;
            try {
                channel = acceptCall.accept(server);
            } catch (ClosedChannelException closed) {
                registration.close();
                return;
            } catch (IOException | RuntimeException failure) {
                backOff(registration, failure);
                return;
            }
            if (channel == null) {
                return;
            }
            backoffMillis = MIN_BACKOFF_MILLIS;
            open.incrementAndGet();
            handOff(channel);
        }
    }

    private boolean atLimit() {
        return maxConnections > 0 && open.get() >= maxConnections;
    }

    /** @return true when paused; false when a connection closed meanwhile and accepting goes on */
    private boolean pause() {
        paused = true;
        if (!atLimit()) {
            // A close ran between the check and the flag and did not see it: go on accepting.
            paused = false;
            return false;
        }
        registration.removeInterest(SelectionKey.OP_ACCEPT);
        pauses++; // single writer: the listener's loop
        registration.loop().counters().acceptPaused();
        LOG.log(System.Logger.Level.DEBUG, () -> registration + " paused accepting at " + maxConnections + " connections");
        return true;
    }

    /** On this listener's loop, after a close took the count below the limit. */
    private void resume() {
        resumeQueued.set(false);
        if (!paused || atLimit() || !registration.isOpen()) {
            return;
        }
        paused = false;
        if (!backingOff) {
            registration.addInterest(SelectionKey.OP_ACCEPT);
        }
    }

    /**
     * A connection accepted here closed (or was never registered): called once per accepted
     * connection, from any thread.
     */
    void connectionClosed() {
        int now = open.decrementAndGet();
        if (paused && now < maxConnections && resumeQueued.compareAndSet(false, true)) {
            registration.loop().executeIfRunning(this::resume);
        }
    }

    /** @return connections accepted by this listener and still open */
    int connectionsOpen() {
        return open.get();
    }

    long pauses() {
        return pauses;
    }

    private void backOff(Registration registration, Exception failure) {
        EventLoop loop = registration.loop();
        loop.counters().acceptFailed();
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        LOG.log(System.Logger.Level.WARNING,
                () -> "accept on " + registration + " failed; retrying in " + delay + " ms", failure);
        registration.removeInterest(SelectionKey.OP_ACCEPT);
        backingOff = true;
        if (rearm == null) {
            rearm = loop.schedule(delay, TimeUnit.MILLISECONDS, this::backOffOver);
        } else {
            rearm.reschedule(delay, TimeUnit.MILLISECONDS);
        }
    }

    private void backOffOver() {
        backingOff = false;
        if (!paused) {
            registration.addInterest(SelectionKey.OP_ACCEPT);
        }
    }

    private void handOff(SocketChannel channel) {
        EventLoop target = group.next();
        if (target.inEventLoop()) {
            target.adopt(channel, factory, this);
            return;
        }
        try {
            target.execute(() -> target.adopt(channel, factory, this));
        } catch (RejectedExecutionException terminated) {
            EventLoop.closeQuietly(channel);
            connectionClosed();
        }
    }

    @Override
    public void shutdownRequested(Registration registration) {
        registration.close();
    }

    @Override
    public void closed(Registration registration) {
        if (rearm != null) {
            rearm.cancel();
        }
    }
}
