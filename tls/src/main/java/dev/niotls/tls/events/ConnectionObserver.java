package dev.niotls.tls.events;

/**
 * What one connection reports as it lives: the hooks behind niotls's JFR events ({@link JfrConnectionObserver}).
 * Called on the connection's thread. Who calls what:
 * <ul>
 *   <li>{@code handshakeStarted}, {@code handshakeCompleted}, {@code alertSent}, {@code alertReceived}: the
 *       Bouncy Castle peer ({@code ContextServer}/{@code ContextClient}, from {@code notifyHandshakeBeginning},
 *       {@code notifyHandshakeComplete}, {@code notifyAlertRaised}, {@code notifyAlertReceived}) while Bouncy
 *       Castle runs the connection. A record layer that replaces Bouncy Castle after the handshake calls
 *       {@code alertSent}/{@code alertReceived} itself.</li>
 *   <li>{@code handshakeFailed}: {@code TlsConnection.fatal}, for a failure while a handshake runs.</li>
 *   <li>{@code keyUpdateSent}/{@code keyUpdateReceived}: wherever a TLS 1.3 KeyUpdate goes out or comes in
 *       ({@code PostHandshakeRequests}, {@code TlsConnection.Events.keyUpdateReceived}).</li>
 * </ul>
 */
public interface ConnectionObserver {
    /** An observer that reports nothing. */
    ConnectionObserver NONE = new ConnectionObserver() {
    };

    /** A handshake starts: the first one, or a TLS 1.2 renegotiation. */
    default void handshakeStarted(boolean server, boolean renegotiation) {
    }

    /** The handshake that started last completed. {@code group} is null when none was negotiated. */
    default void handshakeCompleted(String protocol, String cipherSuite, String group, boolean resumed) {
    }

    /** The connection failed while a handshake ran. */
    default void handshakeFailed(String reason, String message) {
    }

    /** We sent an alert ({@code level} 1 warning, 2 fatal; RFC 8446 section 6). */
    default void alertSent(short level, short description, String message) {
    }

    /** The peer's alert arrived. */
    default void alertReceived(short level, short description) {
    }

    /** We sent a TLS 1.3 KeyUpdate (RFC 8446 section 4.6.3). */
    default void keyUpdateSent(boolean requestPeerUpdate) {
    }

    /** The peer's TLS 1.3 KeyUpdate arrived. */
    default void keyUpdateReceived(boolean updateRequested) {
    }
}
