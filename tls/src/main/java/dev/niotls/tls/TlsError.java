package dev.niotls.tls;

/**
 * What a non-positive return of {@link TlsConnection#write}, {@link TlsConnection#read},
 * {@link TlsConnection#doHandshake} or {@link TlsConnection#shutdown} means: the twin of OpenSSL's
 * {@code SSL_get_error} codes.
 */
public enum TlsError {
    /** {@code SSL_ERROR_NONE}: the call succeeded. */
    NONE,
    /** {@code SSL_ERROR_SSL}: a protocol or usage error; the connection has failed. See {@link TlsConnection#lastReason()}. */
    SSL,
    /** {@code SSL_ERROR_WANT_READ}: call again, with the same arguments, once the BIO is readable. */
    WANT_READ,
    /** {@code SSL_ERROR_WANT_WRITE}: call again, with the same arguments, once the BIO is writable. */
    WANT_WRITE,
    /** {@code SSL_ERROR_SYSCALL}: an I/O error from the BIO (see {@link TlsConnection#lastException()}), or a zero-length write. */
    SYSCALL,
    /** {@code SSL_ERROR_ZERO_RETURN}: the peer sent close_notify; no more data will come. */
    ZERO_RETURN
}
