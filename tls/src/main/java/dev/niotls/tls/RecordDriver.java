package dev.niotls.tls;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.engine.Engine;
import dev.niotls.tls.engine.EngineEvents;
import dev.niotls.tls.bio.BufferAllocator;
import dev.niotls.tls.engine.InboundRecords;
import dev.niotls.tls.engine.OutboundRecords;
import dev.niotls.tls.engine.PostHandshakeRequests;
import dev.niotls.tls.engine.ReceivedPlaintext;
import dev.niotls.tls.engine.SessionFacts;
import dev.niotls.tls.engine.SessionSnapshot;
import dev.niotls.tls.engine.TransportException;
import dev.niotls.tls.events.ConnectionObserver;
import dev.niotls.tls.events.JfrConnectionObserver;
import dev.niotls.tls.record.Tls13Engine;
import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * The engine of one connection over its BIO, under every call of {@link TlsConnection}: starts the engine,
 * feeds it whole records ({@code ssl3_read_bytes}'s record loop), flushes its ciphertext
 * ({@code ssl3_write_pending}), runs the handshake ({@code ssl3_do_handshake}'s loop), hands TLS 1.3 over to
 * niotls's record layer, and fails the connection (the phase, the alert that must still go out, the wipe).
 * It owns the phase, the engine and the three buffers; the calls' own loops are {@link WriteLoop} and
 * {@link ReadLoop}.
 *
 * <p>{@link TlsConnection} extends this class rather than holding one: one object per connection, not two,
 * because the retained heap of an idle connection is a figure niotls keeps (BENCHMARKS.md, IdleMemoryTest).
 * Nothing here is public.
 */
abstract class RecordDriver extends CallOutcome {
    private static final System.Logger LOG = System.getLogger(RecordDriver.class.getName());

    /** Internal outcome codes of the loops; mapped to -1 plus an error at the API edge. */
    static final int OK = 1;
    static final int WANT_READ = -2;
    static final int WANT_WRITE = -3;
    static final int END_OF_STREAM = -4;
    /** The connection has just failed; the outcome is already recorded. */
    static final int FAILED = -5;

    /** The connection's place in its life; see {@link TlsConnection}'s Javadoc for the transitions. */
    enum Phase {
        /** No role yet: every call fails with UNINITIALIZED (W1). */
        UNINITIALIZED,
        /** Role set, engine not started; the first doHandshake, read or write starts it. */
        READY,
        /** The first handshake is running. */
        HANDSHAKING,
        /** Application data flows; a renegotiation may be running underneath. */
        ESTABLISHED,
        /** A fatal error happened; terminal. */
        FAILED
    }

    private static final AtomicLong IDS = new AtomicLong();

    // Package-private: the state TlsConnection (the subclass) and the static loops read and change.
    final long id = IDS.incrementAndGet();
    final TlsContext context;
    final Bio bio;
    /** {@link ConnectionModes} bits. */
    int modes;
    final ConnectionPeer peer = new ConnectionPeer();
    final PostHandshakeRequests requests;
    /**
     * OpenSSL's {@code wpend_*}: made by the first write that stalls with committed bytes (most connections never
     * have one; an idle one need not carry it), kept from then on. Null until then.
     */
    WriteCommitment commitment;

    // Private: the engine and its buffers, changed only here.
    private final EngineEvents events = new Events();
    private InboundRecords inbound;
    private OutboundRecords outbound;
    private ReceivedPlaintext plaintext;

    private Phase phase = Phase.UNINITIALIZED;
    /** Created when the handshake starts, so that setServerName may come after setConnectState. */
    private Engine engine;
    /** Hears of handshakes, alerts and KeyUpdates (JFR events); set when the engine starts. */
    private ConnectionObserver observer = ConnectionObserver.NONE;
    /** The first handshake completed in the record just offered: hand TLS 1.3 over before the next one. */
    private boolean handOffDue;
    private boolean closeNotifySent;
    private boolean peerClosed;
    private boolean noRenegotiationReceived;
    /** Set by a processed non-application record; read with AUTO_RETRY off stops there (R3). */
    private boolean protocolRecordSeen;
    /** The last record processed made the engine queue a reply (read reports WANT_WRITE if it is stuck, R2). */
    private boolean replyQueued;
    private TlsReason inputHint;
    /** After a failure: our fatal alert still waits for the BIO, and is sent before the failure is reported. */
    private boolean alertPending;

    RecordDriver(TlsContext context, Bio bio) {
        this.context = Objects.requireNonNull(context, "context");
        this.bio = Objects.requireNonNull(bio, "bio");
        this.modes = ConnectionModes.of(context.modes());
        this.requests = new PostHandshakeRequests(context.maxRenegotiations(), context.renegotiationWindow(),
                context.options().contains(TlsOption.NO_RENEGOTIATION),
                context.options().contains(TlsOption.ALLOW_CLIENT_RENEGOTIATION));
    }

    boolean modeOn(TlsMode mode) {
        return ConnectionModes.has(modes, mode);
    }

    /** Takes the buffers from {@code allocator}; before the handshake starts. A cork already set stays set. */
    void createBuffers(BufferAllocator allocator, boolean releaseWhenEmpty) {
        boolean corked = outbound != null && outbound.corked();
        this.inbound = new InboundRecords(allocator, releaseWhenEmpty);
        this.outbound = new OutboundRecords(allocator, releaseWhenEmpty);
        outbound.cork(corked);
        this.plaintext = new ReceivedPlaintext(allocator);
    }

    Phase phase() {
        return phase;
    }

    /** Whether a write returned WANT_* with committed bytes and awaits its retry (W3). */
    boolean writePending() {
        return commitment != null && commitment.isPending();
    }

    void clearCommitment() {
        if (commitment != null) {
            commitment.clear();
        }
    }

    /** A role is set: the first call starts the engine. */
    void ready() {
        phase = Phase.READY;
    }

    Engine engine() {
        return engine;
    }

    ReceivedPlaintext plaintext() {
        return plaintext;
    }

    boolean closeNotifySent() {
        return closeNotifySent;
    }

    boolean isPeerClosed() {
        return peerClosed;
    }

    /** IGNORE_UNEXPECTED_EOF: a transport EOF counts as the peer's close_notify (R5). */
    void treatEofAsCloseNotify() {
        peerClosed = true;
    }

    /** Clears the R3 marker before a pass whose non-application records matter. */
    void clearProtocolRecordSeen() {
        protocolRecordSeen = false;
    }

    /** Whether a non-application record was processed since {@link #clearProtocolRecordSeen()}. */
    boolean protocolRecordSeen() {
        return protocolRecordSeen;
    }

    /**
     * Moves ciphertext to the BIO ({@code ssl3_write_pending}).
     *
     * @return true when everything went out, false when the BIO would block
     */
    boolean flush() throws IOException {
        return outbound.flush(engine, bio);
    }

    /** As {@link #flush()}, after application records, which {@link Link#cork} may hold back. */
    boolean flushUnlessCorked() throws IOException {
        return outbound.flushUnlessCorked(engine, bio);
    }

    /** See {@link Link#cork}. */
    void corkOutput(boolean on) {
        outbound.cork(on);
    }

    /** As {@link #flush()}, for read: a complete flush also means no reply of ours is stuck (R2). */
    boolean flushBeforeRead() throws IOException {
        boolean flushed = outbound.flush(engine, bio);
        if (flushed) {
            replyQueued = false;
        }
        return flushed;
    }

    /** R2: a record processed since the last complete {@link #flushBeforeRead()} made the engine queue a reply. */
    boolean replyQueued() {
        return replyQueued;
    }


    /** Queues our close_notify (S1); the caller flushes. */
    void sendCloseNotify() throws IOException {
        closeNotifySent = true;
        engine.sendCloseNotify();
    }

    /** Sends what the application scheduled (H3, H4) when no handshake runs and we are not closing. */
    void sendScheduledRequests() throws IOException {
        if (phase == Phase.ESTABLISHED && !engine.isHandshaking() && !closeNotifySent) {
            requests.sendScheduled(engine);
        }
    }

    /** Runs the first handshake, or a renegotiation in progress, until done or the BIO stalls. */
    int driveHandshake() throws IOException {
        if (phase == Phase.READY) {
            startEngine();
        }
        sendScheduledRequests();
        for (;;) {
            boolean flushed = outbound.flush(engine, bio);
            if (phase == Phase.ESTABLISHED && !engine.isHandshaking()) {
                return flushed ? OK : WANT_WRITE;
            }
            // Read even while our flight is stuck: the peer may be stuck writing to us too (a TLS 1.3
            // client's compatibility change_cipher_spec crossing the server's flight, RFC 8446
            // appendix D.4), and two sides that only flush would wait for each other forever.
            int result = processNextRecord();
            if (result == END_OF_STREAM) {
                // OpenSSL 3.x reports SSL_R_UNEXPECTED_EOF_WHILE_READING here too.
                fatal(TlsReason.UNEXPECTED_EOF_WHILE_READING, "transport EOF during the handshake");
                return FAILED;
            }
            if (result == WANT_READ) {
                return flushed ? WANT_READ : WANT_WRITE;
            }
        }
    }

    private void startEngine() throws IOException {
        observer = JfrConnectionObserver.forConnection(id, bio);
        requests.observe(observer);
        engine = peer.newEngine(context, bio, observer, events);
        phase = Phase.HANDSHAKING;
        engine.start();
    }

    /**
     * Gives Bouncy Castle the next whole record, or reads more ciphertext when none is complete.
     * Returns OK after progress, WANT_READ when the BIO is dry, END_OF_STREAM at its EOF.
     */
    int processNextRecord() throws IOException {
        if (plaintext.isView()) {
            plaintext.detach(); // the inbound buffer is about to move; keep the unread data
        }
        int length = inbound.buffered() == 0 ? 0 : inbound.nextRecordLength();
        if (length > 0) {
            int waiting = outbound.waiting();
            engine.offerRecord(inbound.array(), inbound.offset(), length);
            inbound.consume(length);
            if (handOffDue) {
                handOffDue = false;
                handOff();
            }
            if (engine.availableOutput() > 0 || outbound.waiting() > waiting) {
                replyQueued = true;
            }
            return OK;
        }
        if (length == InboundRecords.NOT_TLS) {
            // OpenSSL's SSL_R_HTTP_REQUEST is for a server waiting for a ClientHello; the alert as RFC 8446 section 5.
            NonTlsInput input = NonTlsInput.inspect(inbound, phase == Phase.HANDSHAKING && peer.isServer());
            inputHint = input.reason();
            throw input.abort(engine);
        }
        if (inbound.takeUncheckedHeader()) {
            engine.checkRecordHeader(inbound.array(), inbound.offset());
        }
        int count = inbound.fill(bio);
        if (count > 0) {
            return OK;
        }
        return count == 0 ? WANT_READ : END_OF_STREAM;
    }

    /**
     * SPEC L1: the TLS 1.3 handshake completed in the record just processed, so the next record is the first
     * one niotls opens itself. Bouncy Castle's output (a client's Finished) moves into our outbound buffer
     * ahead of anything the new record layer writes; then every Bouncy Castle object of this connection
     * (protocol, context, SecurityParameters, queues, peer, DRBG) becomes unreachable. TLS 1.2 stays on
     * Bouncy Castle's record layer (renegotiation needs it), as does a TLS 1.3 suite niotls does not run.
     */
    private void handOff() throws IOException {
        SecurityParameters parameters = engine.connectionParameters();
        if (engine.isClosed() || TlsVersion.of(parameters.getNegotiatedVersion()) != TlsVersion.TLS_1_3) {
            return;
        }
        SessionSnapshot facts = SessionSnapshot.of(parameters, peer.serverName());
        Tls13Engine lean = Tls13Engine.takeOver(engine, parameters, outbound, events, context.keyUpdateAfter());
        if (lean == null) {
            return;
        }
        engine = lean;
        peer.handedOff(facts);
    }

    /** Bouncy Castle's parameters of the session, or null when there are none to read. */
    SecurityParameters parameters() {
        return engine == null || phase == Phase.FAILED && !engine.isApplicationDataReady()
                ? null : engine.connectionParameters();
    }

    /** {@code SSL_has_pending}, without a partial record (see {@link TlsConnection#hasPending()}). */
    boolean recordsPending() {
        return plaintext.length() > 0 || (phase != Phase.FAILED && inbound.buffered() > 0 && inbound.nextRecordLength() != 0);
    }

    /** Whether ciphertext waits here or in the engine for the BIO. */
    boolean outputWaiting() {
        return engine != null && !outbound.isEmpty(engine);
    }

    /** See {@link TlsConnection#protocolOutputPending()}. */
    boolean outputDue() {
        switch (phase) {
            case FAILED:
                return alertPending;
            case HANDSHAKING:
                return outputWaiting();
            case ESTABLISHED:
                return outputWaiting() || !closeNotifySent && !engine.isHandshaking() && requests.outputDue();
            default:
                return false;
        }
    }

    /** Under RELEASE_BUFFERS, an idle connection holds no network buffer (checked at every return). */
    void releaseIdleBuffers() {
        if (plaintext.length() == 0) {
            inbound.releaseIfEmpty();
        }
        if (engine != null) {
            outbound.releaseIfEmpty(engine);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Failure
    // ------------------------------------------------------------------------------------------

    /** A failure that ends the connection, with no alert of ours beyond what Bouncy Castle sent. */
    int fatal(TlsReason reason, String message) {
        return fatal(new TlsException(reason, TlsException.NO_ALERT, message, null), false);
    }

    /**
     * Ends the connection. When Bouncy Castle queued a fatal alert, it goes to the peer before the
     * failure is reported: until then every call returns -1 with WANT_WRITE (a blocking BIO simply
     * waits), then SSL with the reason.
     */
    int fatal(TlsException failure, boolean alertQueued) {
        phase = Phase.FAILED;
        failed(failure);
        clearCommitment();
        LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection " + id + " failed: " + failure.getMessage());
        observer.handshakeFailed(failure.reason().name(), failure.getMessage()); // no-op unless one is running
        alertPending = alertQueued && engine != null && !outbound.isEmpty(engine);
        if (!alertPending) {
            releaseAll();
        }
        reportFailure();
        return -1;
    }

    /** Ends the connection after an exception of the engine or the BIO; returns -1. */
    int fail(Throwable failure) {
        if (failure instanceof TransportException) {
            phase = Phase.FAILED;
            IOException cause = ((TransportException) failure).transportCause();
            transportFailed(cause);
            failureReported(false);
            observer.handshakeFailed("SYSCALL", String.valueOf(cause)); // no-op unless one is running
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection " + id + " transport error: " + failure.getMessage());
            releaseAll();
            return -1;
        }
        boolean established = engine != null && engine.isApplicationDataReady();
        TlsException classified = FailureClassifier.classify(failure,
                new FailureClassifier.Context(established, noRenegotiationReceived, inputHint));
        if (failure instanceof TlsFatalAlert && phase == Phase.HANDSHAKING && outbound.isEmpty(engine)
                && inputHint != TlsReason.HTTP_REQUEST) {
            // Bouncy Castle sends nothing before a valid ClientHello (RecordStream.writeRecord has no
            // write version yet). RFC 8446 section 5 still wants the alert: send it as a plaintext
            // record with the legacy version 0x0301, as OpenSSL does. A plaintext HTTP client gets
            // none, as from OpenSSL (SSL_AD_NO_ALERT): it could not read one.
            outbound.enqueue(plaintextAlert(((TlsFatalAlert) failure).getAlertDescription()));
        }
        // A fatal alert received gets no answer; any other failure from Bouncy Castle queued ours.
        return fatal(classified, !(failure instanceof TlsFatalAlertReceived));
    }

    private static byte[] plaintextAlert(short description) {
        return new byte[] {21, 3, 1, 0, 2, 2, (byte) description}; // alert(21), TLS 1.0, length 2, fatal(2)
    }

    /** What a call on a failed connection reports: WANT_WRITE while our alert is still going out. */
    void reportFailure() {
        if (alertPending) {
            try {
                if (!outbound.flush(engine, bio)) {
                    failureReported(true);
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // The transport is gone: the alert cannot reach the peer any more.
            }
            alertPending = false;
            releaseAll();
        }
        failureReported(false);
    }

    /** {@code SSL_free}: the connection ends here, buffers back and secrets wiped; nothing is sent. */
    void release() {
        freed(phase == Phase.FAILED); // later calls fail with SSL; lastReason() still tells why it ended
        phase = Phase.FAILED;
        alertPending = false;
        releaseAll();
    }

    private void releaseAll() {
        inbound.release();
        outbound.release();
        plaintext.clear();
        clearCommitment();
        if (engine != null) {
            engine.wipeSecrets();
        }
    }

    /** The phase and shutdown flags, for {@code toString()}. */
    String describe() {
        return phase + (phase == Phase.UNINITIALIZED ? "" : peer.isServer() ? ", server" : ", client")
                + (closeNotifySent ? ", close_notify sent" : "") + (peerClosed ? ", close_notify received" : "");
    }

    /** Bouncy Castle's callbacks, on this connection's thread, from inside the engine. */
    private final class Events implements EngineEvents {
        @Override
        public void applicationData(byte[] buf, int offset, int length) {
            if (peerClosed) {
                return; // RFC 8446 section 6.1: data after close_notify is ignored
            }
            plaintext.add(buf, offset, length, inbound.owns(buf));
        }

        @Override
        public void protocolRecord() {
            protocolRecordSeen = true;
        }

        @Override
        public void handshakeCompleted() {
            requests.handshakeCompleted(phase == Phase.ESTABLISHED);
            handOffDue = phase != Phase.ESTABLISHED;
            phase = Phase.ESTABLISHED;
        }

        @Override
        public void closeNotifyReceived() {
            peerClosed = true;
        }

        @Override
        public void noRenegotiationReceived() {
            noRenegotiationReceived = true;
        }

        @Override
        public void keyUpdateReceived(boolean replyRequested) {
            requests.keyUpdateReceived(replyRequested);
        }

        @Override
        public void alertSent(short level, short description, String message) {
            observer.alertSent(level, description, message);
        }

        @Override
        public void alertReceived(short level, short description) {
            observer.alertReceived(level, description);
        }

        @Override
        public int renegotiationPolicy() {
            return requests.policy(engine, closeNotifySent, id);
        }
    }
}
