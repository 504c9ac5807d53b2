package dev.niotls.reactor;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * One channel registered on one {@link EventLoop} with its {@link ChannelHandler}: the twin of a
 * libevent {@code event} (or a Netty {@code Channel} bound to its {@code EventLoop}).
 *
 * <p>Methods are meant for the loop's thread, where they are cheap (an interest change is one
 * {@code SelectionKey.interestOps} call, skipped when nothing changes). {@link #interestOps(int)},
 * {@link #addInterest}, {@link #removeInterest}, {@link #serviceAgain()} and {@link #close()} are
 * also safe from other threads: there they are handed to the loop as a task and happen later, in
 * submission order (and not at all once the loop has terminated, which closed every channel).
 */
public final class Registration {
    private static final System.Logger LOG = System.getLogger(Registration.class.getName());

    private final EventLoop loop;
    private final SelectableChannel channel;
    private final long id;
    /** The listener that accepted this channel, told once when it closes (its connection limit); or null. */
    private Acceptor acceptedBy;
    private ChannelHandler handler;
    private SelectionKey key;
    private int interestOps;
    private volatile boolean open = true;
    /** On the loop's service-again list already: {@link #serviceAgain()} is idempotent per turn. */
    boolean serviceAgainQueued;

    Registration(EventLoop loop, SelectableChannel channel, ChannelHandler handler, long id, int interestOps,
            Acceptor acceptedBy) {
        this.loop = loop;
        this.channel = channel;
        this.handler = handler;
        this.id = id;
        this.interestOps = interestOps;
        this.acceptedBy = acceptedBy;
    }

    /** @return the registered channel (cast it: {@code (SocketChannel) registration.channel()}) */
    public SelectableChannel channel() {
        return channel;
    }

    /** @return the loop that owns this channel for its whole life */
    public EventLoop loop() {
        return loop;
    }

    /** @return a number unique on this loop, for logs ({@link #toString()} is {@code loopName#id}) */
    public long id() {
        return id;
    }

    /** @return the current interest set, as last set on the loop's thread */
    public int interestOps() {
        return interestOps;
    }

    /**
     * Replaces the interest set ({@code OP_READ}, {@code OP_WRITE}, {@code OP_ACCEPT}, {@code OP_CONNECT}).
     *
     * @param ops the new interest set; 0 parks the channel (only {@link #serviceAgain()} calls it)
     */
    public void interestOps(int ops) {
        if (!loop.inEventLoop()) {
            loop.executeIfRunning(() -> interestOps(ops));
            return;
        }
        if (open && ops != interestOps) {
            interestOps = ops;
            key.interestOps(ops);
        }
    }

    /** @param ops operations to add to the interest set */
    public void addInterest(int ops) {
        if (!loop.inEventLoop()) {
            loop.executeIfRunning(() -> addInterest(ops));
            return;
        }
        interestOps(interestOps | ops);
    }

    /** @param ops operations to remove from the interest set */
    public void removeInterest(int ops) {
        if (!loop.inEventLoop()) {
            loop.executeIfRunning(() -> removeInterest(ops));
            return;
        }
        interestOps(interestOps & ~ops);
    }

    /**
     * Asks the loop to call {@link ChannelHandler#ready} again, with {@code readyOps == 0}, before it
     * next blocks in {@code select()}: for data the handler holds that {@code select()} cannot see
     * (decrypted TLS records, SPEC section 7: a connection whose {@code hasPending()} is true is
     * served again). The loop selects with {@code selectNow()} while such requests wait, and serves
     * each registration at most once per turn, so a handler that always asks again cannot starve
     * other channels, timers or tasks. Allocation-free on the loop's thread.
     */
    public void serviceAgain() {
        if (!loop.inEventLoop()) {
            loop.executeIfRunning(this::serviceAgain);
            return;
        }
        if (open && !serviceAgainQueued) {
            serviceAgainQueued = true;
            loop.queueServiceAgain(this);
        }
    }

    /** @return {@code false} once {@link #close()} ran; readable from any thread */
    public boolean isOpen() {
        return open;
    }

    /**
     * Cancels the registration, closes the channel and calls {@link ChannelHandler#closed} once.
     * Idempotent.
     */
    public void close() {
        if (!loop.inEventLoop()) {
            loop.executeIfRunning(this::close);
            return;
        }
        if (!open) {
            return;
        }
        open = false;
        key.cancel();
        closeChannel();
        loop.counters().channelClosed();
        try {
            handler.closed(this);
        } catch (RuntimeException | Error failure) {
            LOG.log(System.Logger.Level.WARNING, () -> "closed() of " + this + " threw", failure);
        } finally {
            // The listener's place is given back only after closed() has run: another loop may accept the
            // next connection at once, and a handler counting its open connections must never see more
            // than the limit (ListenOptions.maxConnections).
            if (acceptedBy != null) {
                acceptedBy.connectionClosed();
                acceptedBy = null;
            }
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException failure) {
            LOG.log(System.Logger.Level.DEBUG, () -> "closing " + this + " failed", failure);
        }
    }

    ChannelHandler handler() {
        return handler;
    }

    /** A connect completed: the user's handler takes over from the internal connector. */
    void handler(ChannelHandler next) {
        handler = next;
    }

    SelectionKey key() {
        return key;
    }

    /** Set at registration and when the loop rebuilds its selector. */
    void key(SelectionKey next) {
        key = next;
    }

    @Override
    public String toString() {
        return loop.name() + "#" + id;
    }
}
