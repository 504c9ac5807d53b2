package dev.niotls.tls.reactor;

import dev.niotls.reactor.ListenOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link TlsServer} treats its connections. Immutable; each setter returns a copy.
 *
 * <pre>{@code
 * TlsServerOptions.defaults().idleTimeout(Duration.ofMinutes(1)).sendQueueLimit(1 << 20)
 * }</pre>
 *
 * <p>For idle connections to hold no network buffer, build the {@link dev.niotls.tls.TlsContext} with
 * {@code .modes(TlsMode.RELEASE_BUFFERS)} ({@code SSL_MODE_RELEASE_BUFFERS}): the buffers then go
 * back to the loop's pool whenever they are empty.
 */
public final class TlsServerOptions {
    private final ChannelSettings settings;
    private final ListenOptions listenOptions;
    private final boolean registerMBean;
    private final int maxConnections;

    private TlsServerOptions(ChannelSettings settings, ListenOptions listenOptions, boolean registerMBean,
            int maxConnections) {
        this.settings = settings;
        this.listenOptions = listenOptions;
        this.registerMBean = registerMBean;
        this.maxConnections = maxConnections;
    }

    /**
     * @return handshake timeout 10 s, idle timeout off, close timeout 3 s, send queue limit 256 KiB,
     *     close awaiting the peer's close_notify, no connection limit, {@link ListenOptions#defaults()}
     */
    public static TlsServerOptions defaults() {
        return new TlsServerOptions(ChannelSettings.DEFAULTS, ListenOptions.defaults(), false, 0);
    }

    /** @param timeout time from accept to the end of the first handshake (a silent client is closed then), positive */
    public TlsServerOptions handshakeTimeout(Duration timeout) {
        return with(settings.withHandshakeTimeout(timeout));
    }

    /** @param timeout time without a byte either way before a graceful close; {@link Duration#ZERO} is off */
    public TlsServerOptions idleTimeout(Duration timeout) {
        return with(settings.withIdleTimeout(timeout));
    }

    /** @param timeout time a graceful close (queued data, close_notify, the peer's answer) may take, positive */
    public TlsServerOptions closeTimeout(Duration timeout) {
        return with(settings.withCloseTimeout(timeout));
    }

    /** @param bytes queued bytes per connection at which {@link TlsChannel#send} returns false, at least 1 */
    public TlsServerOptions sendQueueLimit(long bytes) {
        return with(settings.withSendQueueLimit(bytes));
    }

    /**
     * @param await whether {@link TlsChannel#close()} waits for the peer's close_notify (or end of stream)
     *     once ours is on the wire (the default: OpenSSL's two {@code SSL_shutdown} calls, SPEC S1 and S2),
     *     or closes the socket as soon as ours is flushed: one {@code SSL_shutdown} then {@code close()},
     *     which OpenSSL allows and nginx and Netty's {@code SslHandler} do. Not waiting saves a round trip
     *     and an event per connection, and a peer that never answers cannot hold the socket for the
     *     close timeout; but what the peer still sends is not read, and a socket closed with unread bytes
     *     makes the kernel answer with a reset. Turn it off where the protocol knows the peer has nothing
     *     left to say (an HTTP/1.0 response, the last request of a {@code Connection: close}).
     */
    public TlsServerOptions awaitPeerCloseNotify(boolean await) {
        return with(settings.withAwaitPeerClose(await));
    }

    /** @param options backlog, {@code SO_REUSEADDR}, {@code SO_REUSEPORT} of the listening socket */
    public TlsServerOptions listenOptions(ListenOptions options) {
        return new TlsServerOptions(settings, Objects.requireNonNull(options, "options"), registerMBean,
                maxConnections);
    }

    /**
     * @param connections the most connections open at once (handshaking, open or closing): at the
     *     limit the server stops accepting and the next clients wait in the kernel's backlog (they are
     *     not accepted and closed); it accepts again as soon as one closes. {@link TlsServer#acceptPauses()}
     *     counts the stops. At least 1; 0 (the default) is no limit. Set it below the process's
     *     descriptor limit ({@code ulimit -n}) so that a flood meets the backlog rather than EMFILE.
     */
    public TlsServerOptions maxConnections(int connections) {
        if (connections < 0) {
            throw new IllegalArgumentException("maxConnections must be positive, or 0 for no limit: " + connections);
        }
        return new TlsServerOptions(settings, listenOptions, registerMBean, connections);
    }

    /**
     * @param register registers the server's TLS counters as a platform MBean,
     *     {@code dev.niotls:type=TlsServer,name="<address>"} (jconsole, {@code jcmd}, JMX exporters), until
     *     {@link TlsServer#close()}. Off by default. The counters are those of the server's group
     *     ({@link TlsCounters#of(dev.niotls.reactor.EventLoopGroup)}).
     */
    public TlsServerOptions registerMBean(boolean register) {
        return new TlsServerOptions(settings, listenOptions, register, maxConnections);
    }

    public boolean registersMBean() { return registerMBean; }
    public Duration handshakeTimeout() { return settings.handshakeTimeout(); }
    public Duration idleTimeout() { return settings.idleTimeout(); }
    public Duration closeTimeout() { return settings.closeTimeout(); }
    public long sendQueueLimit() { return settings.sendQueueLimit(); }
    public boolean awaitsPeerCloseNotify() { return settings.awaitPeerClose(); }
    public ListenOptions listenOptions() { return listenOptions; }
    /** @return the connection limit; 0 is none */
    public int maxConnections() { return maxConnections; }

    /** The listener's options with this connection limit (which wins over one set in them). */
    ListenOptions effectiveListenOptions() {
        return maxConnections > 0 ? listenOptions.maxConnections(maxConnections) : listenOptions;
    }

    ChannelSettings settings() {
        return settings;
    }

    /** A copy with other channel settings (timeouts, send queue limit). */
    private TlsServerOptions with(ChannelSettings changed) {
        return new TlsServerOptions(changed, listenOptions, registerMBean, maxConnections);
    }
}
