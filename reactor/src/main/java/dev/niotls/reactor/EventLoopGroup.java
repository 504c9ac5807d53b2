package dev.niotls.reactor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * N {@link EventLoop}s (default: one per available processor) sharing the connections of a
 * program: listeners hand accepted connections to the loops in turn (round-robin), client connects
 * go to the next loop, and each connection stays on its loop for its whole life, so its handler
 * never needs a lock. The threads start in the constructor.
 *
 * <pre>{@code
 * try (EventLoopGroup group = new EventLoopGroup()) {
 *     Listener listener = group.listen(new InetSocketAddress("127.0.0.1", 0), (channel, loop) -> new EchoHandler());
 *     ...
 * } // close(): stop accepting, let handlers close within the grace period, close the rest
 * }</pre>
 */
public final class EventLoopGroup implements AutoCloseable {
    /** Time close() waits beyond the grace period for handlers' closed() callbacks and tasks. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(10);

    private final LoopConfig config;
    private final EventLoop[] loops;
    private final AtomicInteger nextLoop = new AtomicInteger();

    /** A group of {@link LoopConfig#defaults()}: one loop per available processor. */
    public EventLoopGroup() {
        this(LoopConfig.defaults());
    }

    /** @param loops loops (threads) in the group, at least 1 */
    public EventLoopGroup(int loops) {
        this(LoopConfig.defaults().loops(loops));
    }

    /** @throws UncheckedIOException if a selector cannot be opened (descriptor limit) */
    public EventLoopGroup(LoopConfig config) {
        this.config = config;
        this.loops = new EventLoop[config.loops()];
        for (int index = 0; index < loops.length; index++) {
            try {
                loops[index] = new EventLoop(this, index, config);
            } catch (IOException failure) {
                for (int opened = 0; opened < index; opened++) {
                    loops[opened].closeUnstarted();
                }
                throw new UncheckedIOException("cannot open the selector of loop " + index, failure);
            }
        }
        for (EventLoop loop : loops) {
            if (config.registersMBeans()) {
                loop.mbeanName = LoopMBeans.register(loop);
            }
            loop.start();
        }
    }

    /** @return the number of loops */
    public int size() {
        return loops.length;
    }

    /** @return loop {@code index}, 0-based */
    public EventLoop loop(int index) {
        return loops[index];
    }

    /** @return the next loop in round-robin order (thread-safe) */
    public EventLoop next() {
        return loops[Math.floorMod(nextLoop.getAndIncrement(), loops.length)];
    }

    /** {@link #listen(InetSocketAddress, ListenOptions, HandlerFactory)} with {@link ListenOptions#defaults()}. */
    public Listener listen(InetSocketAddress address, HandlerFactory factory) throws IOException {
        return listen(address, ListenOptions.defaults(), factory);
    }

    /**
     * Binds a listening socket now (so its port is known and connections queue in the backlog at
     * once) and serves it from the next loop. Each accepted connection goes to the group's next loop,
     * where {@code factory} creates its handler.
     *
     * @param address where to listen; port 0 picks a free port ({@link Listener#localAddress()})
     * @throws IOException if the socket cannot be bound
     * @throws UnsupportedOperationException if {@code SO_REUSEPORT} is asked and not supported
     */
    public Listener listen(InetSocketAddress address, ListenOptions options, HandlerFactory factory) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            options.applyTo(server);
            server.bind(address, options.backlog());
            server.configureBlocking(false);
            EventLoop loop = next();
            Acceptor acceptor = new Acceptor(this, factory, options);
            Listener listener = new Listener((InetSocketAddress) server.getLocalAddress(), loop, acceptor);
            loop.listen(server, acceptor, listener);
            return listener;
        } catch (IOException | RuntimeException failure) {
            EventLoop.closeQuietly(server);
            throw failure;
        }
    }

    /** {@link EventLoop#connect} on the next loop. */
    public void connect(SocketAddress remote, Duration timeout, ConnectCallback callback) {
        next().connect(remote, timeout, callback);
    }

    /**
     * Starts the shutdown of every loop and returns: listeners close, handlers are asked to close
     * ({@link ChannelHandler#shutdownRequested}), whatever is still open after {@code grace} is
     * closed, then the threads end. Idempotent, from any thread.
     */
    public void shutdownGracefully(Duration grace) {
        long graceNanos = grace.toNanos();
        for (EventLoop loop : loops) {
            loop.shutdownGracefully(graceNanos);
        }
    }

    /** @return {@code true} if every loop terminated within {@code timeout} */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (EventLoop loop : loops) {
            if (!loop.awaitTermination(deadline - System.nanoTime())) {
                return false;
            }
        }
        return true;
    }

    /** @return {@code true} once every loop's thread has ended */
    public boolean isTerminated() {
        for (EventLoop loop : loops) {
            if (loop.state() != LoopState.TERMINATED) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@link #shutdownGracefully} with the configured grace period, then waits for the loops to end
     * (except when called from one of this group's loops, which cannot wait for itself).
     * Idempotent, from any thread.
     */
    @Override
    public void close() {
        shutdownGracefully(config.shutdownGrace());
        EventLoop current = EventLoop.current();
        if (current != null && current.group() == this) {
            return;
        }
        try {
            awaitTermination(config.shutdownGrace().plus(CLOSE_MARGIN));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "EventLoopGroup[" + loops.length + " loops]";
    }
}
