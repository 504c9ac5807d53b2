package dev.niotls.tls;

import dev.niotls.tls.bio.Bio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * One TLS connection over a {@link Bio}: the twin of OpenSSL's {@code SSL}. Not thread-safe.
 *
 * <p>SKELETON: signatures are final (SPEC section 1); the implementation is being written.
 */
public final class TlsConnection {
    TlsConnection(TlsContext context, Bio bio) {
    }

    /** {@code SSL_set_connect_state}. */
    public void setConnectState() {
    }

    /** {@code SSL_set_accept_state}. */
    public void setAcceptState() {
    }

    /** {@code SSL_set_tlsext_host_name} + {@code SSL_set1_host}: SNI and the name verified, for a client. */
    public void setServerName(String hostName) {
    }

    /** {@code SSL_do_handshake}: 1 when done, otherwise see {@link #getError(int)}. */
    public int doHandshake() {
        return -1;
    }

    /** {@code SSL_write}. */
    public int write(ByteBuffer src) {
        return -1;
    }

    /** {@code SSL_read}. */
    public int read(ByteBuffer dst) {
        return -1;
    }

    /** {@code SSL_peek}. */
    public int peek(ByteBuffer dst) {
        return -1;
    }

    /** {@code SSL_shutdown}. */
    public int shutdown() {
        return -1;
    }

    /** {@code SSL_get_error}. */
    public TlsError getError(int ret) {
        return TlsError.SSL;
    }

    /** The reason of the last failure ({@code ERR_get_error}). */
    public TlsReason lastReason() {
        return TlsReason.NONE;
    }

    /** The detail of the last failure: a {@link TlsException}, or the BIO's IOException for SYSCALL. */
    public IOException lastException() {
        return null;
    }

    /** {@code SSL_pending}. */
    public int pending() {
        return 0;
    }

    /** {@code SSL_has_pending}. */
    public boolean hasPending() {
        return false;
    }

    /** {@code SSL_renegotiate}. */
    public int renegotiate() {
        return 0;
    }

    /** {@code SSL_key_update}. */
    public int keyUpdate(boolean requestPeerUpdate) {
        return 0;
    }

    /** {@code SSL_is_init_finished}. */
    public boolean isHandshakeDone() {
        return false;
    }

    /** {@code SSL_get_version}: "TLSv1.3" or "TLSv1.2", null before the handshake. */
    public String protocol() {
        return null;
    }

    /** {@code SSL_get_cipher_name}, as the IANA name. */
    public String cipherSuite() {
        return null;
    }

    /** {@code SSL_get0_alpn_selected}. */
    public String applicationProtocol() {
        return null;
    }

    /** {@code SSL_get0_peer_certificate} chain, leaf first; empty if none. */
    public List<X509Certificate> peerCertificates() {
        return List.of();
    }

    /** {@code SSL_session_reused}. */
    public boolean isResumed() {
        return false;
    }

    /** {@code SSL_get_secure_renegotiation_support}. */
    public boolean isSecureRenegotiation() {
        return false;
    }

    /** {@code SSL_get_servername}. */
    public String serverName() {
        return null;
    }

    /** The BIO this connection reads and writes. */
    public Bio bio() {
        return null;
    }
}
