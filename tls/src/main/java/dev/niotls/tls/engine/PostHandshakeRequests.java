package dev.niotls.tls.engine;

import java.io.IOException;
import java.time.Duration;
import org.bouncycastle.tls.RenegotiationPolicy;

/**
 * Renegotiations and key updates after the first handshake (SPEC H3 to H5): what the application
 * scheduled, what the peer asked for, whether a peer's renegotiation is allowed, and counts of
 * what happened. Owned by one connection, on its thread.
 */
public final class PostHandshakeRequests {
    private static final System.Logger LOG = System.getLogger(PostHandshakeRequests.class.getName());

    private final int maxRenegotiations;
    private final long windowNanos;
    /** Created by the first renegotiation a peer asks for (TLS 1.2 only): most connections never need it. */
    private RenegotiationBudget budget;
    private final boolean renegotiationDisabled;
    private final boolean clientRenegotiationAllowed;

    private boolean keyUpdateScheduled;
    private boolean keyUpdateRequestsPeer;
    private boolean keyUpdateReplyDue;
    private boolean renegotiationScheduled;
    /** A server's HelloRequest is out and the client's new ClientHello not yet in. */
    private boolean helloRequestSent;

    private int renegotiations;
    private int keyUpdatesReceived;
    private int keyUpdatesSent;
    private dev.niotls.tls.events.ConnectionObserver observer = dev.niotls.tls.events.ConnectionObserver.NONE;

    public PostHandshakeRequests(int maxRenegotiations, Duration window, boolean renegotiationDisabled,
            boolean clientRenegotiationAllowed) {
        this.maxRenegotiations = maxRenegotiations;
        this.windowNanos = window.toNanos();
        this.renegotiationDisabled = renegotiationDisabled;
        this.clientRenegotiationAllowed = clientRenegotiationAllowed;
    }

    /** Who hears of the KeyUpdates sent and received (JFR events). */
    public void observe(dev.niotls.tls.events.ConnectionObserver observer) {
        this.observer = observer;
    }

    /** {@code SSL_renegotiate}: the next {@link #sendScheduled} starts one. */
    public void scheduleRenegotiation() {
        renegotiationScheduled = true;
    }

    /** {@code SSL_key_update}: the next {@link #sendScheduled} sends our KeyUpdate. */
    public void scheduleKeyUpdate(boolean requestPeerUpdate) {
        keyUpdateScheduled = true;
        keyUpdateRequestsPeer |= requestPeerUpdate;
    }

    /** Sends what the application scheduled; the caller makes sure no handshake is running. */
    public void sendScheduled(Engine engine) throws IOException {
        if (keyUpdateScheduled) {
            keyUpdateScheduled = false;
            keyUpdateReplyDue = false; // RFC 8446 section 4.6.3: any KeyUpdate of ours answers theirs
            engine.sendKeyUpdate(keyUpdateRequestsPeer);
            observer.keyUpdateSent(keyUpdateRequestsPeer);
            keyUpdateRequestsPeer = false;
            keyUpdatesSent++;
        }
        if (renegotiationScheduled) {
            renegotiationScheduled = false;
            if (helloRequestSent) {
                return; // our HelloRequest still waits for the client's answer
            }
            helloRequestSent = engine.isServer();
            engine.startRenegotiation();
        }
    }

    /** H4: the peer asked for our KeyUpdate; it goes out before our next application data. */
    public void sendKeyUpdateReply(Engine engine) throws IOException {
        if (keyUpdateReplyDue) {
            keyUpdateReplyDue = false;
            engine.sendKeyUpdate(false);
            observer.keyUpdateSent(false);
            keyUpdatesSent++;
        }
    }

    /**
     * Before our next application data: the reply the peer asked for (H4), or, when the write key protected
     * its limit of records, a KeyUpdate of our own (RFC 8446 section 5.5, SPEC L6). One KeyUpdate serves both.
     */
    public void beforeApplicationData(Engine engine) throws IOException {
        if (keyUpdateReplyDue || engine.writeKeyUpdateDue()) {
            keyUpdateReplyDue = false;
            engine.sendKeyUpdate(false);
            observer.keyUpdateSent(false);
            keyUpdatesSent++;
        }
    }

    /**
     * Whether a message is owed that the next {@link #sendScheduled} or {@link #beforeApplicationData} makes:
     * our scheduled KeyUpdate or renegotiation, or the KeyUpdate reply the peer asked for (H4).
     */
    public boolean outputDue() {
        return keyUpdateScheduled || keyUpdateReplyDue || renegotiationScheduled && !helloRequestSent;
    }

    public void keyUpdateReceived(boolean replyRequested) {
        keyUpdatesReceived++;
        keyUpdateReplyDue |= replyRequested;
        observer.keyUpdateReceived(replyRequested);
    }

    public void handshakeCompleted(boolean renegotiation) {
        if (renegotiation) {
            renegotiations++;
        }
    }

    /**
     * Whether the peer may renegotiate now, as Bouncy Castle's {@code RenegotiationPolicy}: DENY
     * makes it send a no_renegotiation warning, IGNORE drops the request, ACCEPT starts it.
     */
    public int policy(Engine engine, boolean closing, long connectionId) {
        if (engine.isHandshaking()) {
            // RFC 5246 section 7.4.1.1: a HelloRequest during a handshake is ignored (Bouncy
            // Castle would start a second handshake over the first and fail with internal_error).
            return RenegotiationPolicy.IGNORE;
        }
        if (renegotiationDisabled || closing) {
            return RenegotiationPolicy.DENY;
        }
        if (engine.isServer()) {
            if (helloRequestSent) {
                helloRequestSent = false; // the ClientHello we asked for
                return RenegotiationPolicy.ACCEPT;
            }
            if (!clientRenegotiationAllowed) {
                return RenegotiationPolicy.DENY; // OpenSSL 3.x default: no_renegotiation warning
            }
        }
        if (budget == null) {
            budget = new RenegotiationBudget(maxRenegotiations, windowNanos);
        }
        if (!budget.tryAcquire(System.nanoTime())) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection " + connectionId + ": renegotiation limit reached");
            return RenegotiationPolicy.DENY;
        }
        return RenegotiationPolicy.ACCEPT;
    }

    public int renegotiations() {
        return renegotiations;
    }

    public int keyUpdatesReceived() {
        return keyUpdatesReceived;
    }

    public int keyUpdatesSent() {
        return keyUpdatesSent;
    }
}
