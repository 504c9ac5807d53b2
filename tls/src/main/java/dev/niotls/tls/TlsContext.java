package dev.niotls.tls;

import dev.niotls.tls.bio.Bio;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsServer;

/**
 * The shared configuration of many connections: the twin of OpenSSL's {@code SSL_CTX}.
 * Immutable and thread-safe once built.
 *
 * <p>SKELETON: the public surface is fixed by SPEC section 1; the implementation is being written.
 */
public final class TlsContext {

    /** Starts a server context ({@code SSL_CTX_new(TLS_server_method())}). */
    public static Builder server() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Starts a client context ({@code SSL_CTX_new(TLS_client_method())}). */
    public static Builder client() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A new connection over {@code bio} ({@code SSL_new} + {@code SSL_set_bio}). */
    public TlsConnection newConnection(Bio bio) {
        return new TlsConnection(this, bio);
    }

    /** The server's certificate chain, leaf first (empty for a client without one). */
    public List<X509Certificate> certificateChain() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Whether this context was built by {@link #server()}. */
    public boolean isServer() {
        throw new UnsupportedOperationException("skeleton");
    }

    // ---- what a connection reads from its context (package-private) ----

    Set<TlsMode> modes() {
        throw new UnsupportedOperationException("skeleton");
    }

    Set<TlsOption> options() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Largest plaintext per record we send (512..16384, default 16384). */
    int maxSendFragment() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Peer-initiated renegotiations accepted per {@link #renegotiationWindow()} (H5; default 5). */
    int maxRenegotiations() {
        throw new UnsupportedOperationException("skeleton");
    }

    Duration renegotiationWindow() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A fresh Bouncy Castle server peer for one connection, configured from this context. */
    TlsServer newServerPeer() {
        throw new UnsupportedOperationException("skeleton");
    }

    /**
     * A fresh Bouncy Castle client peer for one connection.
     *
     * @param serverName the SNI and verification name for this connection, or null for the context's
     */
    TlsClient newClientPeer(String serverName) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Builds a {@link TlsContext}. Calls add to or replace the defaults as each says. */
    public static final class Builder {
        public Builder selfSigned(String... hostNames) {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder certificate(Path chainPem, Path keyPem) {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder keyStore(KeyStore keyStore, char[] password) {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder trust(X509Certificate... roots) {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder trustPem(Path bundle) {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder insecureTrustAll() {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder serverName(String hostName) {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder protocols(String... versions) {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder modes(TlsMode... modes) {
            throw new UnsupportedOperationException("skeleton");
        }

        public Builder options(TlsOption... options) {
            throw new UnsupportedOperationException("skeleton");
        }

        public TlsContext build() {
            throw new UnsupportedOperationException("skeleton");
        }
    }
}
