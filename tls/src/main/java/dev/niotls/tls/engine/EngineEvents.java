package dev.niotls.tls.engine;

/**
 * What a Bouncy Castle protocol object reports to the connection that owns it. Called on the
 * connection's thread, from inside {@code offerInput} or a send method.
 */
public interface EngineEvents {
    /**
     * A decrypted application-data record. {@code buf} may be the very array the ciphertext was
     * offered in (Bouncy Castle decrypts in place), so the connection may keep a view of it.
     */
    void applicationData(byte[] buf, int offset, int length);

    /** A record other than application data was processed (handshake, alert, change_cipher_spec). */
    void protocolRecord();

    /** The first handshake, or a renegotiation, finished. */
    void handshakeCompleted();

    /** The peer's close_notify arrived after the handshake (RFC 8446 section 6.1). */
    void closeNotifyReceived();

    /** The peer answered our renegotiation with a no_renegotiation warning (RFC 5246 section 7.2.2). */
    void noRenegotiationReceived();

    /** A TLS 1.3 KeyUpdate arrived; {@code replyRequested} when the peer asked for ours (RFC 8446 section 4.6.3). */
    void keyUpdateReceived(boolean replyRequested);

    /**
     * An alert we sent after the TLS 1.3 hand-off ({@code level} 1 warning, 2 fatal; RFC 8446 section 6). While
     * Bouncy Castle runs the connection its peer's {@code notifyAlertRaised} reports alerts instead.
     */
    void alertSent(short level, short description, String message);

    /** An alert the peer sent, after the TLS 1.3 hand-off (before it, Bouncy Castle's {@code notifyAlertReceived}). */
    void alertReceived(short level, short description);

    /**
     * Whether the peer may renegotiate now: Bouncy Castle's {@code RenegotiationPolicy} value
     * (DENY sends a no_renegotiation warning, ACCEPT starts the handshake).
     */
    int renegotiationPolicy();
}
