package dev.niotls.tls.engine;

import java.io.IOException;

/**
 * An I/O error of the BIO (OpenSSL's SSL_ERROR_SYSCALL), kept apart from Bouncy Castle's
 * protocol errors, which are IOExceptions too.
 */
public final class TransportException extends IOException {
    private static final long serialVersionUID = 1L;

    public TransportException(IOException cause) {
        super(cause.getMessage(), cause);
    }

    /** The BIO's own exception. */
    public IOException transportCause() {
        return (IOException) getCause();
    }
}
