package dev.niotls.reactor;

import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * A listening socket served by an {@link EventLoopGroup} (the twin of libevent's {@code
 * evconnlistener}). Closing it stops accepting; connections already accepted stay open.
 */
public final class Listener implements AutoCloseable {
    private final InetSocketAddress localAddress;
    private final EventLoop loop;
    private final Acceptor acceptor;
    private volatile Registration registration;
    private volatile boolean closeRequested;

    Listener(InetSocketAddress localAddress, EventLoop loop, Acceptor acceptor) {
        this.localAddress = localAddress;
        this.loop = loop;
        this.acceptor = acceptor;
    }

    /** @return the bound address (with the real port when port 0 was asked) */
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    /**
     * @return connections this listener accepted that are still open, on whichever loop (what
     *     {@link ListenOptions#maxConnections} limits); readable from any thread
     */
    public int connectionsOpen() {
        return acceptor.connectionsOpen();
    }

    /** @return times this listener stopped accepting at {@link ListenOptions#maxConnections}; any thread */
    public long acceptPauses() {
        return acceptor.pauses();
    }

    /** @return {@code false} once closed (by {@link #close()} or by the loop's shutdown) */
    public boolean isOpen() {
        Registration current = registration;
        return !closeRequested && (current == null || current.isOpen());
    }

    /** Stops accepting and closes the listening socket; idempotent, from any thread. */
    @Override
    public void close() {
        if (closeRequested) {
            return;
        }
        closeRequested = true;
        try {
            // The registering task was queued first and tasks run in order: it has run by then.
            loop.execute(this::closeRegistration);
        } catch (RejectedExecutionException terminated) {
            // The loop has ended and closed every channel, this one included.
        }
    }

    private void closeRegistration() {
        if (registration != null) {
            registration.close();
        }
    }

    void registered(Registration value) {
        registration = value;
    }

    @Override
    public String toString() {
        return "Listener[" + localAddress + " on " + loop.name() + "]";
    }
}
