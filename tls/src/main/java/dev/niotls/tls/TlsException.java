package dev.niotls.tls;

import java.io.IOException;

/**
 * The detail behind a {@link TlsError#SSL} return: the reason, the TLS alert involved (if any) and
 * the underlying cause. Available from {@link TlsConnection#lastException()}; never thrown by the
 * connection's I/O methods. The twin of an entry in OpenSSL's error queue.
 */
public final class TlsException extends IOException {
    private static final long serialVersionUID = 1L;

    /** No alert was sent or received. */
    public static final int NO_ALERT = -1;

    private final TlsReason reason;
    private final int alertDescription;
    /** False while {@code Throwable}'s constructor runs: it calls {@link #fillInStackTrace()} before our fields exist. */
    private boolean constructed;

    /**
     * Records its own stack trace only where that trace says something: not when a cause is given (the cause's
     * trace was taken on the same call path, deeper) and not for {@link TlsReason#UNEXPECTED_EOF_WHILE_READING} (the
     * peer's doing, always found in the same place). Walking the stack cost about 1% of a server's CPU per
     * handshake, with one such failure per connection of every client that closes without close_notify (issue 11).
     */
    public TlsException(TlsReason reason, int alertDescription, String message, Throwable cause) {
        super(reason + (message == null ? "" : ": " + message), cause);
        this.reason = reason;
        this.alertDescription = alertDescription;
        if (cause == null && reason != TlsReason.UNEXPECTED_EOF_WHILE_READING) {
            super.fillInStackTrace();
        }
        this.constructed = true;
    }

    /** Skipped during construction (the constructor decides); after it, as every exception's. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return constructed ? super.fillInStackTrace() : this;
    }

    /** The reason code, as {@link TlsConnection#lastReason()} reports it. */
    public TlsReason reason() {
        return reason;
    }

    /** The TLS alert description (RFC 8446 section 6) sent or received, or {@link #NO_ALERT}. */
    public int alertDescription() {
        return alertDescription;
    }
}
