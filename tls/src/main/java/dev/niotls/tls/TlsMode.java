package dev.niotls.tls;

/** Per-connection behaviour switches: the twin of OpenSSL's {@code SSL_MODE_*} ({@code SSL_CTX_set_mode}). */
public enum TlsMode {
    /** {@code SSL_MODE_ENABLE_PARTIAL_WRITE}: {@code write} returns once one record is handed to the BIO (W8). */
    ENABLE_PARTIAL_WRITE,
    /** {@code SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER}: a retried write may pass another buffer object (W4). */
    ACCEPT_MOVING_WRITE_BUFFER,
    /** {@code SSL_MODE_AUTO_RETRY} (on by default): non-application records never interrupt read or write (R3, W13). */
    AUTO_RETRY,
    /** {@code SSL_MODE_RELEASE_BUFFERS}: network buffers are released whenever they are empty. */
    RELEASE_BUFFERS
}
