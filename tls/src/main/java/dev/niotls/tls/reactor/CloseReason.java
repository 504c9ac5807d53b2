package dev.niotls.tls.reactor;

/** Why a {@link TlsChannel} closed, as told to {@link TlsHandler#onClosed}. */
public enum CloseReason {
    /**
     * close_notify went out and the peer answered with its own or closed the transport after it
     * ({@code SSL_shutdown} returned 1, or EOF once ours was sent): nothing was lost. With
     * {@link TlsServerOptions#awaitPeerCloseNotify awaitPeerCloseNotify(false)}, once ours was flushed.
     */
    CLEAN,
    /**
     * The transport broke: a TCP reset, another socket error, or end of stream without the peer's
     * close_notify (OpenSSL's {@code SSL_R_UNEXPECTED_EOF_WHILE_READING}, a truncation).
     */
    PEER_RESET,
    /** The handshake did not finish within {@link TlsServerOptions#handshakeTimeout}; the socket was closed. */
    HANDSHAKE_TIMEOUT,
    /** No byte moved either way for {@link TlsServerOptions#idleTimeout}; the channel closed gracefully. */
    IDLE_TIMEOUT,
    /**
     * A close started (by {@link TlsChannel#close()}, a timeout or the peer's close_notify) could not
     * finish within {@link TlsServerOptions#closeTimeout} (typically a peer that stopped reading, so
     * our close_notify could not be flushed); the socket was closed anyway.
     */
    CLOSE_TIMEOUT,
    /** A client's TCP connect failed (refused, unreachable, timed out); the cause says which. */
    CONNECT_FAILED,
    /**
     * A TLS failure ({@code SSL_ERROR_SSL}: the cause is a {@link dev.niotls.tls.TlsException} with its
     * {@link dev.niotls.tls.TlsReason}: a bad certificate, a fatal alert, plaintext on a TLS port...), or
     * a handler method that threw (the cause is what it threw).
     */
    ERROR,
    /**
     * Closed without a TLS goodbye: {@link TlsChannel#close()} before the handshake finished, or the
     * event loop closed the socket at the end of its shutdown grace period.
     */
    ABORTED
}
