package dev.niotls.tls.reactor;

import java.time.Duration;

/**
 * How a {@link TlsClient} connection behaves. Immutable; each setter returns a copy. The timeouts
 * mean what they mean in {@link TlsServerOptions}; the handshake timeout counts from the end of the
 * TCP connect.
 */
public final class TlsClientOptions {
    private final ChannelSettings settings;
    private final Duration connectTimeout;

    private TlsClientOptions(ChannelSettings settings, Duration connectTimeout) {
        this.settings = settings;
        this.connectTimeout = connectTimeout;
    }

    /**
     * @return connect timeout 10 s, handshake timeout 10 s, idle timeout off, close timeout 3 s,
     *     send queue limit 256 KiB, close awaiting the peer's close_notify
     */
    public static TlsClientOptions defaults() {
        return new TlsClientOptions(ChannelSettings.DEFAULTS, Duration.ofSeconds(10));
    }

    /** @param timeout time the TCP connect may take, positive */
    public TlsClientOptions connectTimeout(Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("connectTimeout must be positive: " + timeout);
        }
        return new TlsClientOptions(settings, timeout);
    }

    /** @param timeout time from the TCP connect to the end of the first handshake, positive */
    public TlsClientOptions handshakeTimeout(Duration timeout) {
        return new TlsClientOptions(settings.withHandshakeTimeout(timeout), connectTimeout);
    }

    /** @param timeout time without a byte either way before a graceful close; {@link Duration#ZERO} is off */
    public TlsClientOptions idleTimeout(Duration timeout) {
        return new TlsClientOptions(settings.withIdleTimeout(timeout), connectTimeout);
    }

    /** @param timeout time a graceful close may take, positive */
    public TlsClientOptions closeTimeout(Duration timeout) {
        return new TlsClientOptions(settings.withCloseTimeout(timeout), connectTimeout);
    }

    /** @param bytes queued bytes at which {@link TlsChannel#send} returns false, at least 1 */
    public TlsClientOptions sendQueueLimit(long bytes) {
        return new TlsClientOptions(settings.withSendQueueLimit(bytes), connectTimeout);
    }

    /** @param await as {@link TlsServerOptions#awaitPeerCloseNotify(boolean)}; true by default */
    public TlsClientOptions awaitPeerCloseNotify(boolean await) {
        return new TlsClientOptions(settings.withAwaitPeerClose(await), connectTimeout);
    }

    public Duration connectTimeout() { return connectTimeout; }
    public Duration handshakeTimeout() { return settings.handshakeTimeout(); }
    public Duration idleTimeout() { return settings.idleTimeout(); }
    public Duration closeTimeout() { return settings.closeTimeout(); }
    public long sendQueueLimit() { return settings.sendQueueLimit(); }
    public boolean awaitsPeerCloseNotify() { return settings.awaitPeerClose(); }

    ChannelSettings settings() {
        return settings;
    }
}
