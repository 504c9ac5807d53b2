package dev.niotls.samples;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.reactor.LoopConfig;
import dev.niotls.samples.Command.Flag;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.reactor.TlsCounters;
import dev.niotls.tls.reactor.TlsHandler;
import dev.niotls.tls.reactor.TlsServer;
import dev.niotls.tls.reactor.TlsServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The servers of a command on one {@link EventLoopGroup} ({@code --loops} threads): each a
 * {@link TlsServer} with the command's certificate and timeouts. Closing it is the graceful shutdown:
 * stop accepting, let every connection send what it queued and its close_notify, end the loops.
 */
final class ReactorServer implements AutoCloseable {
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final EventLoopGroup group;
    /** Replaced when the certificate is reloaded ({@link CertificateReloader}). */
    private volatile Contexts.ServerIdentity identity;
    private final CertificateReloader reloader;
    private final TlsServerOptions serverOptions;
    private final String host;
    private final List<TlsServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();

    ReactorServer(Options options) throws UsageException {
        this(options, Contexts.server(options), false);
    }

    private ReactorServer(Options options, Contexts.ServerIdentity identity, boolean warmUp) throws UsageException {
        boolean jmx = !warmUp && options.has(Flag.JMX);
        this.identity = identity;
        this.serverOptions = serverOptions(options).registerMBean(jmx);
        this.host = warmUp ? "127.0.0.1" : options.host();
        this.group = new EventLoopGroup(LoopConfig.defaults().loops(options.loops())
                .threadNamePrefix("niotls-" + options.command().name().toLowerCase(java.util.Locale.ROOT)
                        + (warmUp ? "-warm-up-" : "-"))
                .shutdownGrace(SHUTDOWN_GRACE).registerMBeans(jmx));
        this.reloader = !warmUp && options.has(Flag.CERT) ? new CertificateReloader(options, this::replaceIdentity) : null;
    }

    /**
     * The command's server for {@link ServerWarmUp}: its timeouts and loop count, on loops of its own (their counters
     * are not the real server's) at 127.0.0.1, with {@code twin} for context; no MBeans, no certificate reloads.
     */
    static ReactorServer forWarmUp(Options options, TlsContext twin) throws UsageException {
        return new ReactorServer(options, new Contexts.ServerIdentity(twin, null), true);
    }

    private void replaceIdentity(Contexts.ServerIdentity renewed) {
        identity = renewed;
        servers.forEach(server -> server.context(renewed.context));
    }

    /** Reloads {@code --cert}/{@code --key}/{@code --ocsp} now; returns what happened. */
    String reloadNow() {
        return reloader == null ? "nothing to reload: the certificate is generated (no --cert)" : reloader.reloadNow();
    }

    /** Listens on {@code port} of {@code --host} with a handler from {@code handlers} for each connection. */
    TlsServer listen(int port, Supplier<? extends TlsHandler> handlers) throws IOException {
        TlsServer server;
        try {
            server = TlsServer.start(group, new InetSocketAddress(host, port), identity.context, serverOptions, handlers);
        } catch (IOException e) {
            throw cannotListen(host, port, e);
        }
        servers.add(server);
        return server;
    }

    /**
     * Fails now when {@code --host}:{@code --port} cannot be listened on (taken, or not this machine's), so that a
     * {@code --warm-up} is not spent on a server that will not start. The probe never accepts, so it leaves no
     * TIME_WAIT behind, and the JDK sets SO_REUSEADDR on it as on the real listener.
     */
    static void checkCanListen(Options options) throws UsageException, IOException {
        int port = options.port();
        if (port == 0) {
            return;
        }
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(options.host(), port));
        } catch (IOException e) {
            throw cannotListen(options.host(), port, e);
        }
    }

    private static IOException cannotListen(String host, int port, IOException cause) {
        return new IOException("cannot listen on " + host + ":" + port + ": " + cause.getMessage()
                + " (try another --port, or --port 0 for any free one)", cause);
    }

    private static TlsServerOptions serverOptions(Options options) throws UsageException {
        TlsServerOptions serverOptions = TlsServerOptions.defaults().registerMBean(options.has(Flag.JMX));
        Duration handshake = options.duration(Flag.HANDSHAKE_TIMEOUT, null);
        if (handshake != null) {
            serverOptions = serverOptions.handshakeTimeout(handshake);
        }
        Duration idle = options.duration(Flag.IDLE_TIMEOUT, null);
        if (idle != null) {
            serverOptions = serverOptions.idleTimeout(idle);
        }
        if (options.command() == Command.HTTPS_SERVER) {
            // An HTTP server closes once its last response is out and the peer has nothing left to say; waiting for
            // the client's close_notify costs a round trip per connection. nginx and Netty do not wait either.
            serverOptions = serverOptions.awaitPeerCloseNotify(false);
        }
        return serverOptions;
    }

    /** The address of the {@code index}th server listened on (with the real port when 0 was asked). */
    InetSocketAddress address(int index) {
        return servers.get(index).localAddress();
    }

    Contexts.ServerIdentity identity() {
        return identity;
    }

    EventLoopGroup group() {
        return group;
    }

    /** The TLS counters of every connection of these servers (all on this group). */
    TlsCounters counters() {
        return TlsCounters.of(group);
    }

    /** Stops accepting, closes every connection gracefully, and waits for the loops to end. Idempotent. */
    @Override
    public void close() {
        if (reloader != null) {
            reloader.close();
        }
        servers.forEach(TlsServer::close);
        group.close();
    }
}
