package dev.niotls.tls;

/**
 * Why a call failed with {@link TlsError#SSL} (or why a request was refused): the twin of the reason
 * part of OpenSSL's {@code ERR_get_error()} codes ({@code SSL_R_*}).
 */
public enum TlsReason {
    /** No error recorded. */
    NONE,
    /** {@code SSL_R_BAD_WRITE_RETRY}: a retried write passed a different buffer object (W4). */
    BAD_WRITE_RETRY,
    /** {@code SSL_R_BAD_LENGTH}: a retried write had fewer bytes than were already committed (W5). */
    BAD_LENGTH,
    /** {@code SSL_R_UNINITIALIZED}: neither connect nor accept state was set (W1). */
    UNINITIALIZED,
    /** {@code SSL_R_PROTOCOL_IS_SHUTDOWN}: a write after the local shutdown (W11). */
    PROTOCOL_IS_SHUTDOWN,
    /** {@code SSL_R_UNEXPECTED_EOF_WHILE_READING}: the transport ended without close_notify (R5). */
    UNEXPECTED_EOF_WHILE_READING,
    /** {@code SSL_R_NO_RENEGOTIATION}: a renegotiation was refused, locally or by the peer (H3). */
    NO_RENEGOTIATION,
    /** {@code SSL_R_WRONG_SSL_VERSION}: the request does not exist in the negotiated protocol version. */
    WRONG_SSL_VERSION,
    /** {@code SSL_R_UNSUPPORTED_PROTOCOL}: the peer offered only protocol versions we refuse. */
    UNSUPPORTED_PROTOCOL,
    /** {@code SSL_R_SSLV3_ALERT_*} / {@code SSL_R_TLSV1_ALERT_*}: the peer sent a fatal alert (R6). */
    ALERT_RECEIVED,
    /** We sent a fatal alert because of what the peer sent (see {@link TlsConnection#lastException()}). */
    ALERT_SENT,
    /** {@code SSL_R_DECRYPTION_FAILED_OR_BAD_RECORD_MAC}: a record failed to decrypt (R6). */
    BAD_RECORD_MAC,
    /** {@code SSL_R_RECORD_LENGTH_MISMATCH} / {@code SSL_R_ENCRYPTED_LENGTH_TOO_LONG}: an oversized or malformed record. */
    RECORD_OVERFLOW,
    /** {@code SSL_R_HTTP_REQUEST}: the peer spoke plaintext HTTP to a TLS port. */
    HTTP_REQUEST,
    /** {@code SSL_R_WRONG_VERSION_NUMBER} / {@code SSL_R_PACKET_LENGTH_TOO_LONG}: the bytes are not TLS records. */
    WRONG_VERSION_NUMBER,
    /** A handshake failed for a reason other than the ones above. */
    HANDSHAKE_FAILURE,
    /** {@code SSL_R_CERTIFICATE_VERIFY_FAILED}: the peer's certificate chain or name did not verify (H2). */
    CERTIFICATE_VERIFY_FAILED,
    /** {@code SSL_R_NO_APPLICATION_PROTOCOL}: ALPN found no protocol in common (RFC 7301). */
    NO_APPLICATION_PROTOCOL,
    /** {@code SSL_R_TOO_MANY_RENEGOTIATIONS} (no OpenSSL twin): the renegotiation limit was reached (H5). */
    TOO_MANY_RENEGOTIATIONS,
    /** {@code SSL_R_EXCESSIVE_MESSAGE_SIZE}: a handshake message exceeded the configured limit (H5). */
    EXCESSIVE_MESSAGE_SIZE,
    /** {@code SSL_R_STILL_IN_INIT}: the request needs a completed handshake. */
    STILL_IN_INIT,
    /** {@code SSL_R_SHUTDOWN_WHILE_IN_INIT}: {@code shutdown()} during the handshake (S3). */
    SHUTDOWN_WHILE_IN_INIT,
    /** The peer closed before completing the handshake. */
    CONNECTION_CLOSED_IN_HANDSHAKE,
    /** An internal error; {@link TlsConnection#lastException()} has the detail. */
    INTERNAL_ERROR
}
