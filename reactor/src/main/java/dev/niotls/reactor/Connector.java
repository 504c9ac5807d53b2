package dev.niotls.reactor;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The handler of a client channel while its non-blocking connect is in flight ({@code OP_CONNECT}).
 * On success it hands the registration to the handler returned by {@link ConnectCallback#connected};
 * on failure, timeout or shutdown it closes the channel and calls {@link ConnectCallback#failed}.
 * Exactly one of the two callbacks runs.
 */
final class Connector implements ChannelHandler {
    private static final System.Logger LOG = System.getLogger(Connector.class.getName());

    private final SocketAddress remote;
    private final long timeoutNanos;
    private final ConnectCallback callback;
    private TimerHandle timer;
    private boolean finished;

    /** On the caller's thread, before anything is queued: @return the timeout in nanoseconds */
    static long checkArguments(SocketAddress remote, Duration timeout, ConnectCallback callback) {
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(callback, "callback");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + timeout);
        }
        return timeout.toNanos();
    }

    /** On {@code loop}'s thread: opens the channel, starts the connect, registers for OP_CONNECT. */
    static void start(EventLoop loop, SocketAddress remote, long timeoutNanos, ConnectCallback callback) {
        SocketChannel channel = null;
        try {
            if (loop.isShuttingDown()) {
                throw new AsynchronousCloseException();
            }
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.connect(remote); // true on some loopback connects: registered() handles it
            loop.register(channel, SelectionKey.OP_CONNECT, new Connector(remote, timeoutNanos, callback));
        } catch (IOException | RuntimeException failure) {
            EventLoop.closeQuietly(channel);
            IOException cause = failure instanceof IOException ? (IOException) failure
                    : new IOException("cannot connect to " + remote, failure);
            try {
                callback.failed(cause);
            } catch (RuntimeException | Error callbackFailure) {
                loop.runFailed("failed() of connect to " + remote, callbackFailure);
            }
        }
    }

    private Connector(SocketAddress remote, long timeoutNanos, ConnectCallback callback) {
        this.remote = remote;
        this.timeoutNanos = timeoutNanos;
        this.callback = callback;
    }

    @Override
    public void registered(Registration registration) throws IOException {
        SocketChannel channel = (SocketChannel) registration.channel();
        if (channel.isConnected()) {
            // Loopback connects may complete inside connect() itself.
            complete(registration);
            return;
        }
        timer = registration.loop().schedule(timeoutNanos, TimeUnit.NANOSECONDS, () -> fail(registration,
                new SocketTimeoutException("connect to " + remote + " timed out after "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms")));
    }

    @Override
    public void ready(Registration registration, int readyOps) throws IOException {
        if ((readyOps & SelectionKey.OP_CONNECT) == 0) {
            return;
        }
        boolean connected;
        try {
            connected = ((SocketChannel) registration.channel()).finishConnect();
        } catch (IOException refused) {
            fail(registration, refused);
            return;
        }
        if (connected) {
            complete(registration);
        }
    }

    private void complete(Registration registration) throws IOException {
        finished = true;
        cancelTimer();
        ChannelHandler next = callback.connected((SocketChannel) registration.channel(), registration.loop());
        registration.handler(next);
        registration.interestOps(SelectionKey.OP_READ);
        next.registered(registration);
    }

    private void fail(Registration registration, IOException cause) {
        if (finished) {
            return;
        }
        finished = true;
        cancelTimer();
        registration.close();
        try {
            callback.failed(cause);
        } catch (RuntimeException | Error failure) {
            registration.loop().counters().handlerFailed();
            LOG.log(System.Logger.Level.WARNING, () -> "failed() of connect to " + remote + " threw", failure);
        }
    }

    @Override
    public void shutdownRequested(Registration registration) {
        fail(registration, new AsynchronousCloseException());
    }

    @Override
    public void closed(Registration registration) {
        // Closed from outside (loop shutdown deadline, a throwing callback): report it once.
        fail(registration, new AsynchronousCloseException());
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel();
        }
    }
}
