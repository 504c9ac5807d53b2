package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.reactor.Listener;
import dev.niotls.tls.TlsContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * A TLS server on an {@link EventLoopGroup}: listens, accepts (each connection goes to the group's
 * next loop, which owns it for its whole life), runs the handshake and hands the connection to a
 * fresh {@link TlsHandler}. The twin of an {@code SSL_CTX} behind an {@code evconnlistener}.
 *
 * <pre>{@code
 * try (EventLoopGroup group = new EventLoopGroup(2)) {
 *     TlsContext context = TlsContext.server().selfSigned("localhost").modes(TlsMode.RELEASE_BUFFERS).build();
 *     TlsServer server = TlsServer.start(group, new InetSocketAddress("127.0.0.1", 8443), context,
 *             TlsServerOptions.defaults(), () -> (channel, data) -> channel.send(ByteBuffer.allocate(data.remaining()).put(data).flip()));
 *     ...
 *     server.close();
 * }
 * }</pre>
 */
public final class TlsServer implements AutoCloseable {
    private final EventLoopGroup group;
    /** The context for connections accepted from now on; swapped by {@link #context(TlsContext)}. */
    private volatile TlsContext context;
    private final TlsServerOptions options;
    private final Supplier<? extends TlsHandler> handlers;
    /** The open channels of each loop, by loop index; each set is touched by its loop's thread only. */
    private final List<Set<ReactorChannel>> channels;
    private Listener listener;
    /** Set by close(): a connection accepted before, and adopted by its loop after, is closed at once. */
    private volatile boolean closed;
    /** The MBean of {@link TlsServerOptions#registerMBean}, or null. */
    private javax.management.ObjectName mbeanName;

    private TlsServer(EventLoopGroup group, TlsContext context, TlsServerOptions options,
            Supplier<? extends TlsHandler> handlers) {
        this.group = group;
        this.context = context;
        this.options = options;
        this.handlers = handlers;
        this.channels = new ArrayList<>(group.size());
        for (int index = 0; index < group.size(); index++) {
            channels.add(new HashSet<>());
        }
    }

    /**
     * Binds {@code address} now (port 0 picks a free one) and serves it on {@code group}.
     *
     * @param context a server context; add {@code TlsMode.RELEASE_BUFFERS} so idle connections hold
     *     no network buffer
     * @param handlers called on the accepting loop's thread for each connection; a supplier that
     *     throws or returns null refuses that connection (logged)
     * @throws IOException if the address cannot be bound
     */
    public static TlsServer start(EventLoopGroup group, InetSocketAddress address, TlsContext context,
            TlsServerOptions options, Supplier<? extends TlsHandler> handlers) throws IOException {
        if (!context.isServer()) {
            throw new IllegalArgumentException("a TlsServer needs a server context (TlsContext.server())");
        }
        TlsServer server = new TlsServer(group, context, Objects.requireNonNull(options, "options"),
                Objects.requireNonNull(handlers, "handlers"));
        server.listener = group.listen(address, options.effectiveListenOptions(), server::accept);
        if (options.registersMBean()) {
            server.mbeanName = ServerMBean.register(server);
        }
        return server;
    }

    private ReactorChannel accept(SocketChannel socket, EventLoop loop) throws IOException {
        TlsHandler handler = Objects.requireNonNull(handlers.get(), "the handler supplier returned null");
        return ReactorChannel.accepted(socket, loop, context, options.settings(), handler, this);
    }

    /**
     * Serves connections accepted from now on with {@code newContext} (a renewed certificate, say: nginx's
     * reload, Netty swapping its {@code SslContext}). Connections already accepted keep the context they
     * started with. Safe from any thread.
     *
     * @throws IllegalArgumentException if {@code newContext} is not a server context
     */
    public void context(TlsContext newContext) {
        if (!newContext.isServer()) {
            throw new IllegalArgumentException("a TlsServer needs a server context (TlsContext.server())");
        }
        this.context = newContext;
    }

    /** @return the context that connections accepted now get */
    public TlsContext context() {
        return context;
    }

    /** @return the bound address, with the real port when port 0 was asked */
    public InetSocketAddress localAddress() {
        return listener.localAddress();
    }

    /**
     * @return times this server stopped accepting because its connections reached {@link
     *     TlsServerOptions#maxConnections} (it resumed when one closed)
     */
    public long acceptPauses() {
        return listener.acceptPauses();
    }

    /** @return the TLS counters of the group this server runs on (all its TLS channels, servers and clients) */
    public TlsCounters counters() {
        return TlsCounters.of(group);
    }

    /**
     * Stops accepting, and closes every open connection gracefully ({@link TlsChannel#close()}: queued
     * data, close_notify, within the close timeout). Returns at once; idempotent, from any thread.
     */
    @Override
    public void close() {
        closed = true;
        listener.close();
        ServerMBean.unregister(mbeanName);
        for (int index = 0; index < group.size(); index++) {
            EventLoop loop = group.loop(index);
            Set<ReactorChannel> open = channels.get(index);
            try {
                loop.execute(() -> {
                    for (ReactorChannel channel : new ArrayList<>(open)) {
                        channel.close();
                    }
                });
            } catch (RejectedExecutionException terminated) {
                // That loop has ended and closed its channels already.
            }
        }
    }

    /** @return false when the server is closed: the channel must not start */
    boolean track(ReactorChannel channel) {
        if (closed) {
            return false;
        }
        channels.get(channel.loop().index()).add(channel);
        return true;
    }

    void forget(ReactorChannel channel) {
        channels.get(channel.loop().index()).remove(channel);
    }

    @Override
    public String toString() {
        return "TlsServer[" + listener.localAddress() + "]";
    }
}
