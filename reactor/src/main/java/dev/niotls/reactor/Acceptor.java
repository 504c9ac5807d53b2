package dev.niotls.reactor;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The handler of a listening channel: accepts connections and hands each to the group's next loop
 * (round-robin), where the user's {@link HandlerFactory} creates its handler.
 *
 * <p>When {@code accept()} fails (EMFILE/ENFILE at the descriptor limit, ENOBUFS), the pending
 * connection stays in the backlog and the listening key stays ready: retrying at once would spin a
 * core at 100 % (the classic "accept storm"). So the acceptor drops {@code OP_ACCEPT} and re-arms it
 * after a delay that doubles from 10 ms up to 1 s, and returns to 10 ms after the next success.
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
    private long backoffMillis = MIN_BACKOFF_MILLIS;
    private TimerHandle rearm;

    Acceptor(EventLoopGroup group, HandlerFactory factory, AcceptCall acceptCall) {
        this.group = group;
        this.factory = factory;
        this.acceptCall = acceptCall;
    }

    @Override
    public void ready(Registration registration, int readyOps) {
        ServerSocketChannel server = (ServerSocketChannel) registration.channel();
        for (int accepted = 0; accepted < MAX_ACCEPTS_PER_TURN; accepted++) {
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
            handOff(channel);
        }
    }

    private void backOff(Registration registration, Exception failure) {
        EventLoop loop = registration.loop();
        loop.countAcceptFailure();
        long delay = backoffMillis;
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        LOG.log(System.Logger.Level.WARNING,
                () -> "accept on " + registration + " failed; retrying in " + delay + " ms", failure);
        registration.removeInterest(SelectionKey.OP_ACCEPT);
        if (rearm == null) {
            rearm = loop.schedule(delay, TimeUnit.MILLISECONDS, () -> registration.addInterest(SelectionKey.OP_ACCEPT));
        } else {
            rearm.reschedule(delay, TimeUnit.MILLISECONDS);
        }
    }

    private void handOff(SocketChannel channel) {
        EventLoop target = group.next();
        if (target.inEventLoop()) {
            target.adopt(channel, factory);
            return;
        }
        try {
            target.execute(() -> target.adopt(channel, factory));
        } catch (RejectedExecutionException terminated) {
            EventLoop.closeQuietly(channel);
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
