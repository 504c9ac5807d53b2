package dev.niotls.bench.niotls;

import java.nio.ByteBuffer;

/**
 * What a {@link Session} moves its bytes through: a TLS connection ({@link TlsWire}) or the bare socket
 * ({@link PlainWire}, the plain-TCP ceiling and the pass-through engine of the load scenarios). The codes
 * are OpenSSL's, folded into one int so that the session's loop reads the same for both.
 */
interface Wire {
    /** The call would block until the socket is readable ({@code SSL_ERROR_WANT_READ}). */
    int WANT_READ = -2;
    /** The call would block until the socket is writable ({@code SSL_ERROR_WANT_WRITE}). */
    int WANT_WRITE = -3;
    /** The peer closed cleanly (close_notify, or EOF on plain TCP). */
    int CLOSED = -4;
    /** A fatal error; {@link #failure()} says what. */
    int FAILED = -5;

    /** {@code SSL_do_handshake}: 1 when done, else WANT_READ, WANT_WRITE or FAILED. */
    int handshake();

    /** {@code SSL_write} of all of {@code src}: the count, or a negative code (retry with the same buffer). */
    int write(ByteBuffer src);

    /** {@code SSL_read}: a positive count, or a negative code. */
    int read(ByteBuffer dst);

    /** {@code SSL_has_pending}: bytes buffered that select() cannot see. */
    boolean hasPending();

    /** {@code SSL_shutdown} once: 0 or 1 when close_notify is out, WANT_WRITE to call again, FAILED. */
    int shutdown();

    /** The negotiated protocol and cipher suite, for the logs ("plain" without TLS). */
    String describe();

    /** Why the last call returned FAILED. */
    String failure();
}
