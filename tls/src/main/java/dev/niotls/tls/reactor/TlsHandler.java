package dev.niotls.tls.reactor;

import java.nio.ByteBuffer;

/**
 * The application's side of one TLS connection on the reactor. Every method is called on the
 * connection's event loop thread, one at a time; a method must not block. A method that throws
 * closes this connection only ({@link CloseReason#ERROR} with what it threw, logged through
 * {@link System.Logger}); the loop goes on serving the others.
 *
 * <p>Life of a connection: {@link #onHandshake} once, then any number of {@link #onData} and
 * {@link #onWritable}, then {@link #onClosed} exactly once (also when the handshake never
 * finished, with {@link #onHandshake} never called).
 */
public interface TlsHandler {

    /**
     * The first handshake finished: {@code channel.connection()} tells the protocol, cipher suite,
     * ALPN protocol and peer certificates ({@code SSL_get_version}, {@code SSL_get_cipher_name},
     * {@code SSL_get0_alpn_selected}, {@code SSL_get_peer_cert_chain}). Renegotiations and key
     * updates later are not reported here: they are invisible to the application.
     */
    default void onHandshake(TlsChannel channel) {}

    /**
     * Decrypted application data arrived ({@code SSL_read} returned it).
     *
     * @param data the bytes, from its position to its limit. The buffer is the loop's and is valid
     *     only during this call: copy what you keep, and never pass it to {@link TlsChannel#send}.
     */
    void onData(TlsChannel channel, ByteBuffer data);

    /**
     * The send queue, which {@link TlsChannel#send} had reported full, went down to half its bound:
     * send again (and resume reading if you paused it). Called once each time the queue drains after
     * one or more {@code false} returns.
     */
    default void onWritable(TlsChannel channel) {}

    /**
     * The peer sent close_notify ({@code SSL_read} returned 0 with {@code SSL_ERROR_ZERO_RETURN}): no
     * more data will come. The default closes the channel, which sends what is queued, then our
     * close_notify. Override to keep sending (a TLS half-close) and call {@link TlsChannel#close()}
     * later.
     */
    default void onPeerClosed(TlsChannel channel) {
        channel.close();
    }

    /**
     * The connection is closed and its socket too; called exactly once.
     *
     * @param reason why
     * @param cause the failure behind {@code reason}, or {@code null} for {@link CloseReason#CLEAN} and
     *     the timeouts. For {@link CloseReason#ERROR} a {@link dev.niotls.tls.TlsException} carries the
     *     {@link dev.niotls.tls.TlsReason} ({@code ERR_get_error}'s reason).
     */
    default void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {}
}
