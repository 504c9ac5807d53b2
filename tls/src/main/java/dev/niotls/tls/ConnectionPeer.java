package dev.niotls.tls;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.context.ContextClient;
import dev.niotls.tls.context.ContextServer;
import dev.niotls.tls.engine.ClientEngine;
import dev.niotls.tls.engine.Engine;
import dev.niotls.tls.engine.EngineEvents;
import dev.niotls.tls.engine.ServerEngine;
import dev.niotls.tls.engine.SessionFacts;
import dev.niotls.tls.engine.SessionSnapshot;
import dev.niotls.tls.events.ConnectionObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.tls.SecurityParameters;

/**
 * The Bouncy Castle half of {@code SSL_new} for one connection, and what the session agreed: the peer the
 * context configures ({@link ContextServer} or {@link ContextClient}) and the protocol engine that runs it;
 * the session's facts ({@code SSL_get_version}, {@code SSL_get_cipher_name}...), read from Bouncy Castle's
 * SecurityParameters while its engine runs the connection, from a {@link SessionSnapshot} once the TLS 1.3
 * hand-off has let the peer and those go (SPEC L1). The facts methods take the live parameters, null when
 * there are none (before the handshake, or after a failed one).
 */
final class ConnectionPeer {
    private boolean server;
    /** {@code SSL_set_tlsext_host_name}: the client's name, overriding the context's; null for the context's. */
    private String requestedServerName;
    private ContextServer serverPeer;
    private ContextClient clientPeer;
    /** The session's facts after the TLS 1.3 hand-off, else null. */
    private SessionSnapshot snapshot;

    /** {@code SSL_set_accept_state} when {@code server}, else {@code SSL_set_connect_state}. */
    void setRole(boolean server) {
        this.server = server;
    }

    boolean isServer() {
        return server;
    }

    /** {@code SSL_set_tlsext_host_name}; before {@link #newEngine}. */
    void setServerName(String hostName) {
        this.requestedServerName = hostName;
    }

    /** Creates the peer and its engine; the client's ClientHello is queued by {@link Engine#start()}. */
    Engine newEngine(TlsContext context, Bio bio, ConnectionObserver observer, EngineEvents events) {
        if (server) {
            serverPeer = context.newServerPeer(observer);
            return new ServerEngine(serverPeer, serverPeer.maxHandshakeMessageSize(), events);
        }
        InetSocketAddress remote = remoteAddress(bio);
        clientPeer = remote == null ? context.newClientPeer(requestedServerName, null, 0, observer)
                : context.newClientPeer(requestedServerName, remote.getHostString(), remote.getPort(), observer);
        return new ClientEngine(clientPeer, events);
    }

    /** The hand-off happened: the peer becomes unreachable, the facts come from {@code facts}. */
    void handedOff(SessionSnapshot facts) {
        this.snapshot = facts;
        serverPeer = null;
        clientPeer = null;
    }

    TlsVersion version(SecurityParameters live) {
        if (snapshot != null) {
            return TlsVersion.forName(snapshot.protocol());
        }
        return live == null ? null : TlsVersion.of(live.getNegotiatedVersion());
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

    /**
     * {@code SSL_get_servername}: on a server, the name the client asked for with SNI; on a client, the
     * name it sent.
     */
    String serverName() {
        if (snapshot != null) {
            return snapshot.serverName();
        }
        if (!server) {
            return clientPeer != null ? clientPeer.serverName() : requestedServerName;
        }
        // Bouncy Castle clears SecurityParameters.clientServerNames when the handshake ends.
        return serverPeer == null ? null : serverPeer.requestedServerName();
    }

    /**
     * The peer's address when the BIO is a socket: a client offers the TLS 1.2 session it last made
     * with that host and port (OpenSSL's SSL_set_session, done for the application).
     */
    private static InetSocketAddress remoteAddress(Bio bio) {
        if (!(bio instanceof SocketBio)) {
            return null;
        }
        try {
            SocketAddress address = ((SocketBio) bio).channel().getRemoteAddress();
            return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
        } catch (IOException e) {
            return null; // not connected yet or closed: no session to reuse
        }
    }
}
