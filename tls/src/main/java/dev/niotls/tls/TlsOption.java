package dev.niotls.tls;

/** Protocol options: the twin of OpenSSL's {@code SSL_OP_*} ({@code SSL_CTX_set_options}). */
public enum TlsOption {
    /** {@code SSL_OP_NO_RENEGOTIATION}: refuse renegotiation in both directions (H3). */
    NO_RENEGOTIATION,
    /** {@code SSL_OP_ALLOW_CLIENT_RENEGOTIATION}: a server accepts a client-initiated renegotiation (H3). */
    ALLOW_CLIENT_RENEGOTIATION,
    /** {@code SSL_OP_IGNORE_UNEXPECTED_EOF}: transport EOF without close_notify reads as a clean close (R5). */
    IGNORE_UNEXPECTED_EOF,
    /** {@code SSL_OP_CIPHER_SERVER_PREFERENCE}: the server's cipher suite order wins. */
    CIPHER_SERVER_PREFERENCE,
    /** {@code SSL_OP_NO_TICKET}: accepted for compatibility; Bouncy Castle issues no session tickets anyway. */
    NO_TICKET
}
