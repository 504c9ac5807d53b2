package dev.niotls.tls;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.context.ContextClient;
import dev.niotls.tls.context.ContextServer;
import dev.niotls.tls.engine.ClientEngine;
import dev.niotls.tls.engine.Engine;
import dev.niotls.tls.engine.EngineEvents;
import dev.niotls.tls.engine.ServerEngine;
import dev.niotls.tls.events.ConnectionObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The Bouncy Castle half of {@code SSL_new} for one connection: the peer the context configures
 * ({@link ContextServer} or {@link ContextClient}) and the protocol engine that runs it. Until the TLS 1.3
 * hand-off drops it, the peer also answers {@code SSL_get_servername}.
 */
final class ConnectionPeer {
    private boolean server;
    /** {@code SSL_set_tlsext_host_name}: the client's name, overriding the context's; null for the context's. */
    private String requestedServerName;
    private ContextServer serverPeer;
    private ContextClient clientPeer;

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

    /**
     * {@code SSL_get_servername}: on a server, the name the client asked for with SNI; on a client, the
     * name it sent.
     */
    String serverName() {
        if (!server) {
            return clientPeer != null ? clientPeer.serverName() : requestedServerName;
        }
        // Bouncy Castle clears SecurityParameters.clientServerNames when the handshake ends.
        return serverPeer == null ? null : serverPeer.requestedServerName();
    }

    /** The TLS 1.3 hand-off: the peer (and everything of Bouncy Castle's it holds) becomes unreachable. */
    void drop() {
        serverPeer = null;
        clientPeer = null;
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
