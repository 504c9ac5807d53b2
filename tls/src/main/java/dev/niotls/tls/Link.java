package dev.niotls.tls;

import java.nio.ByteBuffer;

/**
 * What the retry loop of SPEC section 7 ({@link dev.niotls.tls.loop.ChannelDriver}) drives: the calls of
 * {@link TlsConnection} it makes, with their OpenSSL return codes. {@link TlsConnection} implements it itself;
 * a pass-through over a bare socket (the bench's plain-TCP ceiling) implements it without any TLS cost.
 *
 * <p>It lives in the core, not beside the driver, so that the connection can be the link: a wrapper object
 * would be 16 bytes more on every idle connection (BENCHMARKS.md, "issue 13: idle memory after the carve"),
 * and the dependency keeps pointing one way, from {@code loop} to the core.
 */
public interface Link {
    /** {@code SSL_do_handshake}: 1 when done, else see {@link #getError}. */
    int doHandshake();

    /** {@code SSL_write}: the count, or see {@link #getError}; retried with the identical buffer (W3). */
    int write(ByteBuffer src);

    /** {@code SSL_read}: a positive count, or see {@link #getError}. */
    int read(ByteBuffer dst);

    /** {@code SSL_shutdown}: 0 close_notify sent, 1 both sent, < 0 see {@link #getError}. */
    int shutdown();

    /**
     * Corks the output as {@code TCP_CORK} corks a socket (OpenSSL's nearest: a buffering BIO before the socket):
     * while on, a {@link #write} that completes may leave its records in the connection, up to half a record
     * buffer, and {@link #shutdown()} sends them with its close_notify in one BIO write (any other call sends
     * them first). Off by default; turning it off sends nothing ({@link TlsConnection#protocolOutputPending()} is
     * true while records wait). A link without records ignores it.
     */
    default void cork(boolean on) {
    }

    /** {@code SSL_get_error}. */
    TlsError getError(int ret);

    /** {@code SSL_has_pending}: bytes buffered that select() cannot see. */
    boolean hasPending();

    /** A write got WANT_* with bytes committed: the next write must pass the same buffer (W3). */
    boolean hasPendingWrite();

    /** {@code SSL_SENT_SHUTDOWN}: our close_notify is queued or out; nothing may be written after it. */
    boolean isCloseNotifySent();

    /**
     * Protocol bytes must go out although the application wrote nothing (a KeyUpdate reply, RFC 8446
     * section 4.6.3; a scheduled KeyUpdate or renegotiation; ciphertext the socket has not taken): a
     * zero-length write sends them (W9). See {@link TlsConnection#protocolOutputPending()}.
     */
    boolean protocolOutputPending();

    /** Renegotiations completed so far: one completing releases a write that waits on WANT_READ (W10). */
    int renegotiations();

    /** {@code SSL_version}: the negotiated version, or null before it is known or when the link is not TLS. */
    TlsVersion version();

    /** {@code SSL_key_update}: 1 scheduled, 0 refused. */
    int keyUpdate(boolean requestPeerUpdate);

    /** {@code SSL_renegotiate}: 1 scheduled, 0 refused. */
    int renegotiate();
}
