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

    public TlsException(TlsReason reason, int alertDescription, String message, Throwable cause) {
        super(reason + (message == null ? "" : ": " + message), cause);
        this.reason = reason;
        this.alertDescription = alertDescription;
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
