package dev.niotls.tls;

import dev.niotls.tls.engine.SessionFacts;
import dev.niotls.tls.engine.SessionSnapshot;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.tls.SecurityParameters;

/**
 * The facts of a connection's session ({@code SSL_get_version}, {@code SSL_get_cipher_name}...): read from
 * Bouncy Castle's SecurityParameters while its engine runs the connection, from a {@link SessionSnapshot}
 * once the TLS 1.3 hand-off has let those go (SPEC L1). Each method takes the live parameters, null when
 * there are none (before the handshake, or after a failed one).
 */
final class SessionView {
    private final ConnectionPeer peer;
    /** The session's facts after the TLS 1.3 hand-off, else null. */
    private SessionSnapshot snapshot;

    SessionView(ConnectionPeer peer) {
        this.peer = peer;
    }

    /** The hand-off happened: from now on the facts come from {@code facts}. */
    void handedOff(SessionSnapshot facts) {
        this.snapshot = facts;
        peer.drop();
    }

    TlsVersion version(SecurityParameters live) {
        if (snapshot != null) {
            return snapshot.version();
        }
        return live == null ? null : SessionFacts.version(live);
    }

    String cipherSuite(SecurityParameters live) {
        if (snapshot != null) {
            return snapshot.cipherSuite();
        }
        return live == null ? null : SessionFacts.cipherSuite(live);
    }

    String applicationProtocol(SecurityParameters live) {
        if (snapshot != null) {
            return snapshot.applicationProtocol();
        }
        return live == null ? null : SessionFacts.applicationProtocol(live);
    }

    List<X509Certificate> peerCertificates(SecurityParameters live) throws IOException {
        if (snapshot != null) {
            return snapshot.peerCertificates();
        }
        return live == null ? List.of() : SessionFacts.peerCertificates(live);
    }

    boolean isResumed(SecurityParameters live) {
        if (snapshot != null) {
            return snapshot.isResumed();
        }
        return live != null && live.isResumedSession();
    }

    boolean isSecureRenegotiation(SecurityParameters live) {
        if (snapshot != null) {
            return snapshot.isSecureRenegotiation();
        }
        return live != null && live.isSecureRenegotiation();
    }

    String serverName() {
        return snapshot != null ? snapshot.serverName() : peer.serverName();
    }
}
