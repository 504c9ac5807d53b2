package dev.niotls.tls.events;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.bio.SocketBio;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;

/**
 * The {@link ConnectionObserver} that writes niotls's JFR events. One per connection: the connection's id,
 * how to name its peer, its role, and the {@code Handshake} event while a handshake runs (only when that
 * event is enabled; otherwise nothing is kept). Every method first asks JFR whether its event is on: with
 * no recording, JFR's event classes are not instrumented, {@code isEnabled()} is a constant false, and the
 * JIT removes the event object (escape analysis); none of these hooks is on the read/write path anyway.
 */
public final class JfrConnectionObserver implements ConnectionObserver {
    private final long connection;
    private final Bio bio;
    private boolean server;
    private Events.Handshake handshake;

    /**
     * The observer of a new connection: this one when JFR is initialized in this JVM (a recording ran or runs:
     * {@code -XX:StartFlightRecording}, {@code jcmd JFR.start}, the {@code jdk.jfr} API), else
     * {@link ConnectionObserver#NONE}, so that a JVM that never records pays nothing per connection. A
     * connection made before JFR started reports nothing.
     */
    public static ConnectionObserver forConnection(long connection, Bio bio) {
        return jdk.jfr.FlightRecorder.isInitialized() ? new JfrConnectionObserver(connection, bio)
                : ConnectionObserver.NONE;
    }

    /**
     * @param connection the connection's id (as in niotls's log lines)
     * @param bio the connection's BIO: a {@link SocketBio} names the peer by its address
     */
    public JfrConnectionObserver(long connection, Bio bio) {
        this.connection = connection;
        this.bio = bio;
    }

    /** The peer's socket address, or null for a BIO that is not a socket; only asked when an event is written. */
    static String peerOf(Bio bio) {
        if (!(bio instanceof SocketBio)) {
            return null;
        }
        try {
            java.net.SocketAddress address = ((SocketBio) bio).channel().getRemoteAddress();
            return address == null ? null : address.toString();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    @Override
    public void handshakeStarted(boolean server, boolean renegotiation) {
        this.server = server;
        Events.Handshake event = new Events.Handshake();
        if (!event.isEnabled()) {
            handshake = null;
            return;
        }
        event.begin();
        event.connection = connection;
        event.role = server ? "server" : "client";
        event.renegotiation = renegotiation;
        handshake = event;
    }

    @Override
    public void handshakeCompleted(String protocol, String cipherSuite, String group, boolean resumed) {
        Events.Handshake event = endHandshake();
        if (event != null) {
            event.protocol = protocol;
            event.cipherSuite = cipherSuite;
            event.group = group;
            event.resumed = resumed;
            event.outcome = "completed";
            event.commit();
        }
    }

    @Override
    public void handshakeFailed(String reason, String message) {
        Events.Handshake event = endHandshake();
        if (event != null) {
            event.outcome = "failed";
            event.reason = message == null || message.startsWith(reason) ? String.valueOf(message == null ? reason : message)
                    : reason + ": " + message;
            event.commit();
        }
    }

    /**
     * Ends the handshake event that {@link #handshakeStarted} began; returns it, its peer filled in, if a recording
     * wants it, or null (no recording at the start, or the event's threshold not reached).
     */
    private Events.Handshake endHandshake() {
        Events.Handshake event = handshake;
        handshake = null;
        if (event == null) {
            return null;
        }
        event.end();
        if (!event.shouldCommit()) {
            return null;
        }
        event.peer = peerOf(bio);
        return event;
    }

    @Override
    public void alertSent(short level, short description, String message) {
        alert("sent", level, description, message);
    }

    @Override
    public void alertReceived(short level, short description) {
        alert("received", level, description, null);
    }

    private void alert(String direction, short level, short description, String message) {
        Events.Alert event = new Events.Alert();
        if (event.shouldCommit()) {
            event.connection = connection;
            event.direction = direction;
            event.level = AlertLevel.getName(level);
            event.description = AlertDescription.getName(description);
            event.message = message;
            event.commit();
        }
    }

    @Override
    public void keyUpdateSent(boolean requestPeerUpdate) {
        keyUpdate("sent", requestPeerUpdate);
    }

    @Override
    public void keyUpdateReceived(boolean updateRequested) {
        keyUpdate("received", updateRequested);
    }

    private void keyUpdate(String direction, boolean requested) {
        Events.KeyUpdate event = new Events.KeyUpdate();
        if (event.shouldCommit()) {
            event.connection = connection;
            event.direction = direction;
            event.updateRequested = requested;
            event.commit();
        }
    }

    /** Whether this observer's connection is a server (known once a handshake started). */
    boolean isServer() {
        return server;
    }
}
