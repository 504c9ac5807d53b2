package dev.niotls.tls;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.engine.Engine;
import dev.niotls.tls.engine.EngineEvents;
import dev.niotls.tls.engine.FailureClassifier;
import dev.niotls.tls.engine.InboundRecords;
import dev.niotls.tls.engine.NonTlsInput;
import dev.niotls.tls.engine.OutboundRecords;
import dev.niotls.tls.engine.ReceivedPlaintext;
import dev.niotls.tls.engine.PostHandshakeRequests;
import dev.niotls.tls.engine.SessionFacts;
import dev.niotls.tls.engine.SessionSnapshot;
import dev.niotls.tls.engine.TransportException;
import dev.niotls.tls.events.ConnectionObserver;
import dev.niotls.tls.events.JfrConnectionObserver;
import dev.niotls.tls.record.Tls13Engine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;

/**
 * One TLS connection over a {@link Bio}: the twin of OpenSSL's {@code SSL}, with the semantics of
 * {@code SSL_do_handshake}, {@code SSL_write}, {@code SSL_read}, {@code SSL_shutdown} and
 * {@code SSL_get_error} on blocking and non-blocking BIOs (SPEC sections 2 to 5). Not thread-safe:
 * one thread owns it. No method throws for a TLS or I/O failure: they return a code, and
 * {@link #getError(int)}, {@link #lastReason()} and {@link #lastException()} say what happened.
 *
 * <h2>Phases</h2>
 * <pre>
 * UNINITIALIZED --setConnectState/setAcceptState--> READY --first call--> HANDSHAKING --Finished--> ESTABLISHED
 *      any phase --fatal alert, BAD_WRITE_RETRY/BAD_LENGTH, BIO error--> FAILED (terminal)
 * </pre>
 * In ESTABLISHED a TLS 1.2 renegotiation may be running (the engine is handshaking again); a write
 * then drives it first (W10). A TLS 1.3 connection leaves Bouncy Castle on its way into ESTABLISHED: right
 * after the record that completed the handshake, the engine becomes niotls's own record layer
 * ({@code dev.niotls.tls.record.Tls13Engine}, SPEC L1) and the session's facts a {@link SessionSnapshot}. Shutdown is two flags on top of ESTABLISHED, {@code closeNotifySent}
 * (our {@link #shutdown()}) and {@code peerClosed} (their close_notify), as OpenSSL's
 * {@code SSL_get_shutdown} bits.
 *
 * <h2>The write retry contract (W3 to W8)</h2>
 * Bouncy Castle encrypts whatever it is given, at once. niotls encrypts at most one record, and only
 * when the previous ciphertext has left for the BIO. The plaintext bytes of {@code src} that are
 * already encrypted are <em>committed</em>: a write that would block returns WANT_WRITE with
 * {@code src} untouched, and the caller must retry with the same buffer object holding at least the
 * committed bytes. Only a completed write moves {@code src.position()}.
 */
public final class TlsConnection {
    private static final System.Logger LOG = System.getLogger(TlsConnection.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    /** Internal outcome codes of the drive loops; mapped to -1 plus an error at the API edge. */
    private static final int OK = 1;
    private static final int WANT_READ = -2;
    private static final int WANT_WRITE = -3;
    private static final int END_OF_STREAM = -4;
    /** The connection has just failed; lastError and lastReason are already set. */
    private static final int FAILED = -5;

    /** The connection's place in its life; see the class Javadoc for the transitions. */
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

    private final long id = IDS.incrementAndGet();
    private final TlsContext context;
    private final Bio bio;
    private final ConnectionModes modes;
    private BufferAllocator allocator = BufferAllocator.HEAP;
    private final int maxFragment;
    private InboundRecords inbound;
    private OutboundRecords outbound;
    private ReceivedPlaintext plaintext;
    private final EngineEvents events = new Events();

    private Phase phase = Phase.UNINITIALIZED;
    private final ConnectionPeer peer = new ConnectionPeer();
    private final SessionView session = new SessionView(peer);
    /** Created when the handshake starts, so that setServerName may come after setConnectState. */
    private Engine engine;
    /** Hears of handshakes, alerts and KeyUpdates (JFR events); set when the engine starts. */
    private ConnectionObserver observer = ConnectionObserver.NONE;
    /** The first handshake completed in the record just offered: hand TLS 1.3 over before the next one. */
    private boolean handOffDue;
    private final WriteCommitment commitment = new WriteCommitment();

    private boolean closeNotifySent;
    private boolean peerClosed;
    private boolean noRenegotiationReceived;
    /** Set by a processed non-application record; read with AUTO_RETRY off stops there (R3). */
    private boolean protocolRecordSeen;
    /** The last record processed made the engine queue a reply (read reports WANT_WRITE if it is stuck, R2). */
    private boolean replyQueued;
    private TlsReason inputHint;
    private final PostHandshakeRequests requests;
    private final CallOutcome outcome = new CallOutcome();
    /** After a failure: our fatal alert still waits for the BIO, and is sent before the failure is reported. */
    private boolean alertPending;

    TlsConnection(TlsContext context, Bio bio) {
        this.context = Objects.requireNonNull(context, "context");
        this.bio = Objects.requireNonNull(bio, "bio");
        this.maxFragment = context.maxSendFragment();
        this.modes = new ConnectionModes(context.modes());
        this.requests = new PostHandshakeRequests(context.maxRenegotiations(), context.renegotiationWindow(),
                context.options().contains(TlsOption.NO_RENEGOTIATION),
                context.options().contains(TlsOption.ALLOW_CLIENT_RENEGOTIATION));
        createBuffers();
    }

    /** {@code SSL_set_mode}: adds modes to those the context gave. Before the handshake starts. */
    public void setMode(TlsMode... modes) {
        changeModes(modes, true);
    }

    /** {@code SSL_clear_mode}: removes modes. Before the handshake starts. */
    public void clearMode(TlsMode... modes) {
        changeModes(modes, false);
    }

    private void changeModes(TlsMode[] changed, boolean on) {
        checkNotStarted();
        modes.change(changed, on);
        createBuffers();
    }

    /** {@code SSL_get_mode}: whether {@code mode} is on for this connection. */
    public boolean hasMode(TlsMode mode) {
        return modes.has(mode);
    }

    private void checkNotStarted() {
        if (phase.compareTo(Phase.READY) > 0) {
            throw new IllegalStateException("The handshake has started");
        }
    }

    /**
     * Where this connection takes its network and plaintext buffers (a pool per event loop, for
     * example). Call before the handshake starts; buffers are taken lazily, and given back when
     * empty under {@link TlsMode#RELEASE_BUFFERS}.
     */
    public void setBufferAllocator(BufferAllocator allocator) {
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        checkNotStarted();
        createBuffers();
    }

    private void createBuffers() {
        this.inbound = new InboundRecords(allocator, modes.releaseBuffers());
        this.outbound = new OutboundRecords(allocator, modes.releaseBuffers());
        this.plaintext = new ReceivedPlaintext(allocator);
    }

    /** {@code SSL_set_connect_state}: this side is the client. Call once, before anything else. */
    public void setConnectState() {
        setRole(false);
    }

    /** {@code SSL_set_accept_state}: this side is the server. Call once, before anything else. */
    public void setAcceptState() {
        setRole(true);
    }

    /**
     * {@code SSL_set_tlsext_host_name} together with {@code SSL_set1_host}: the name a client sends
     * as SNI and verifies the server's certificate against, overriding the context's. Before the
     * handshake starts.
     */
    public void setServerName(String hostName) {
        checkNotStarted();
        peer.setServerName(hostName);
    }

    private void setRole(boolean asServer) {
        if (phase != Phase.UNINITIALIZED && phase != Phase.READY) {
            throw new IllegalStateException("The handshake has started");
        }
        peer.setRole(asServer);
        phase = Phase.READY;
    }

    private void startEngine() throws IOException {
        observer = JfrConnectionObserver.forConnection(id, bio);
        requests.observe(observer);
        engine = peer.newEngine(context, bio, observer, events);
        phase = Phase.HANDSHAKING;
        engine.start();
    }

    // ------------------------------------------------------------------------------------------
    // SSL_do_handshake
    // ------------------------------------------------------------------------------------------

    /**
     * {@code SSL_do_handshake}: runs the handshake (or a scheduled renegotiation) as far as the BIO
     * allows (H1). Returns 1 when no handshake is left to run, otherwise -1 with WANT_READ,
     * WANT_WRITE, SSL or SYSCALL from {@link #getError(int)}.
     */
    public int doHandshake() {
        if (!usable()) {
            return -1;
        }
        try {
            int result = driveHandshake();
            return result == OK ? succeed(1) : stall(result);
        } catch (IOException | RuntimeException e) {
            return fail(e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // SSL_write
    // ------------------------------------------------------------------------------------------

    /**
     * {@code SSL_write}: encrypts and sends {@code src}'s remaining bytes.
     *
     * <p>Returns the count written, all of {@code src.remaining()} (W7), or with
     * {@link TlsMode#ENABLE_PARTIAL_WRITE} at least one record's worth (W8); {@code src.position()}
     * advances by exactly that. Otherwise -1: WANT_READ while a handshake needs the peer (W2, W10),
     * WANT_WRITE while the BIO is full (W3): retry then with the <b>same buffer object</b> holding
     * at least as many bytes (W4, W5). A zero-length {@code src} flushes pending protocol output and
     * returns 0 with SYSCALL, or ZERO_RETURN after the peer's close_notify (W9).
     */
    public int write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        if (!usable()) {
            return -1;
        }
        if (closeNotifySent) {
            return outcome.refuse(TlsReason.PROTOCOL_IS_SHUTDOWN, "write after shutdown()"); // W11
        }
        if (commitment.isPending()) {
            TlsException refusal = commitment.checkRetry(src, modes.movingWriteBuffer());
            if (refusal != null) {
                return fatal(refusal, false); // W6
            }
        }
        try {
            int result = src.remaining() == 0 && commitment.committed() == 0 ? flushOnly() : writeRecords(src);
            if (result == 0) {
                releaseIdleBuffers();
                return outcome.zero(peerClosed ? TlsError.ZERO_RETURN : TlsError.SYSCALL); // W9
            }
            return result > 0 ? succeed(result) : stall(result);
        } catch (IOException | RuntimeException e) {
            return fail(e);
        }
    }

    private int writeRecords(ByteBuffer src) throws IOException {
        boolean renegotiating = phase == Phase.ESTABLISHED;
        protocolRecordSeen = false;
        int result = driveHandshake();
        if (result != OK) {
            return holdPending(src, result);
        }
        if (renegotiating && protocolRecordSeen && !modes.autoRetry() && bio.isBlocking()) {
            // W13: the old blocking contract without SSL_MODE_AUTO_RETRY: report the handshake
            // records once, and let the caller repeat the identical call.
            protocolRecordSeen = false;
            return holdPending(src, WANT_READ);
        }
        for (;;) {
            if (!outbound.flush(engine, bio)) {
                return holdPending(src, WANT_WRITE);
            }
            // Everything committed is on the wire now.
            int unsent = commitment.uncommitted(src);
            if (unsent == 0 || (modes.partialWrites() && commitment.committed() > 0)) {
                return commitment.complete(src);
            }
            if (engine.isHandshaking()) {
                result = driveHandshake();
                if (result != OK) {
                    return holdPending(src, result);
                }
                continue;
            }
            requests.beforeApplicationData(engine);
            encryptOneRecord(src, Math.min(unsent, maxFragment));
        }
    }

    private void encryptOneRecord(ByteBuffer src, int length) throws IOException {
        int index = commitment.nextIndex(src);
        if (src.hasArray()) {
            engine.writeApplicationData(src.array(), src.arrayOffset() + index, length);
        } else {
            engine.writeApplicationData(src, index, length);
        }
        commitment.commit(length);
    }

    private int holdPending(ByteBuffer src, int result) {
        commitment.hold(src);
        return result;
    }

    /** W9: a zero-length write drives the handshake and flushes KeyUpdate replies and alerts. */
    private int flushOnly() throws IOException {
        int result = driveHandshake();
        if (result != OK) {
            return result;
        }
        requests.sendKeyUpdateReply(engine);
        return outbound.flush(engine, bio) ? 0 : WANT_WRITE;
    }

    // ------------------------------------------------------------------------------------------
    // SSL_read, SSL_peek
    // ------------------------------------------------------------------------------------------

    /**
     * {@code SSL_read}: up to {@code dst.remaining()} bytes of application data (R1). -1 with
     * WANT_READ when nothing is buffered and the BIO is dry, WANT_WRITE when a handshake reply cannot
     * be flushed (R2); 0 with ZERO_RETURN after the peer's close_notify (R4), 0 with SSL and
     * UNEXPECTED_EOF_WHILE_READING at a transport EOF without it (R5).
     */
    public int read(ByteBuffer dst) {
        return receive(dst, false);
    }

    /** {@code SSL_peek}: as {@link #read} but the bytes stay for the next read (R7). */
    public int peek(ByteBuffer dst) {
        return receive(dst, true);
    }

    private int receive(ByteBuffer dst, boolean peek) {
        Objects.requireNonNull(dst, "dst");
        if (!usable()) {
            return -1;
        }
        try {
            int result = receiveRecords(dst, peek);
            if (result > 0) {
                return succeed(result);
            }
            return result == END_OF_STREAM ? endOfStream() : stall(result);
        } catch (IOException | RuntimeException e) {
            return fail(e);
        }
    }

    private int receiveRecords(ByteBuffer dst, boolean peek) throws IOException {
        if (phase != Phase.ESTABLISHED) {
            int result = driveHandshake();
            if (result != OK) {
                return result;
            }
        }
        sendScheduledRequests();
        for (;;) {
            if (plaintext.length() > 0) {
                if (dst.remaining() == 0) {
                    return 0;
                }
                return plaintext.copyTo(dst, peek);
            }
            if (peerClosed) {
                return END_OF_STREAM;
            }
            boolean flushed = outbound.flush(engine, bio);
            if (flushed) {
                replyQueued = false;
            }
            protocolRecordSeen = false;
            int result = processNextRecord();
            if (result == WANT_READ) {
                return !flushed && replyQueued ? WANT_WRITE : WANT_READ;
            }
            if (result == END_OF_STREAM) {
                return END_OF_STREAM;
            }
            if (protocolRecordSeen && plaintext.length() == 0 && !modes.autoRetry()) {
                outbound.flush(engine, bio);
                return WANT_READ; // R3 without AUTO_RETRY
            }
        }
    }

    /** R4 and R5: the end of the peer's data, clean or not. */
    private int endOfStream() {
        if (peerClosed) {
            releaseIdleBuffers();
            return outcome.zero(TlsError.ZERO_RETURN);
        }
        if (context.options().contains(TlsOption.IGNORE_UNEXPECTED_EOF)) {
            peerClosed = true;
            return endOfStream();
        }
        fatal(TlsReason.UNEXPECTED_EOF_WHILE_READING, "the peer closed the transport without close_notify");
        return 0;
    }

    // ------------------------------------------------------------------------------------------
    // SSL_shutdown
    // ------------------------------------------------------------------------------------------

    /**
     * {@code SSL_shutdown}. First call: sends close_notify, returns 0 (1 if the peer's already
     * came), -1/WANT_WRITE if it could not be flushed (S1). Later calls: wait for the peer's
     * close_notify, discarding data, 1 when it came, -1/WANT_READ meanwhile (S2). During the
     * handshake: -1/SSL with SHUTDOWN_WHILE_IN_INIT (S3).
     */
    public int shutdown() {
        if (!usable()) {
            return -1;
        }
        if (phase != Phase.ESTABLISHED) {
            return outcome.refuse(TlsReason.SHUTDOWN_WHILE_IN_INIT, "shutdown() before the handshake completed");
        }
        try {
            // As OpenSSL's ssl3_shutdown: the calls that send (or finish sending) our close_notify
            // return 0 or 1; only a call that finds it already gone reads the peer's (S1, S2).
            boolean sending = !closeNotifySent || !outbound.isEmpty(engine);
            if (!closeNotifySent) {
                closeNotifySent = true;
                engine.sendCloseNotify();
            }
            if (!outbound.flush(engine, bio)) {
                return stall(WANT_WRITE);
            }
            if (peerClosed) {
                engine.wipeSecrets(); // both close_notify exchanged: no record will be protected or opened again
                return succeed(1);
            }
            if (sending) {
                return succeed(0);
            }
            return awaitPeerCloseNotify();
        } catch (IOException | RuntimeException e) {
            return fail(e);
        }
    }

    private int awaitPeerCloseNotify() throws IOException {
        for (;;) {
            plaintext.clear(); // S2: data that arrives after our close_notify is discarded
            if (peerClosed) {
                engine.wipeSecrets(); // both close_notify exchanged: no record will be protected or opened again
                return succeed(1);
            }
            int result = processNextRecord();
            if (result == WANT_READ) {
                return stall(WANT_READ);
            }
            if (result == END_OF_STREAM) {
                if (context.options().contains(TlsOption.IGNORE_UNEXPECTED_EOF)) {
                    peerClosed = true;
                    continue;
                }
                return fatal(TlsReason.UNEXPECTED_EOF_WHILE_READING, "transport EOF before the peer's close_notify");
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Renegotiation and key update
    // ------------------------------------------------------------------------------------------

    /**
     * {@code SSL_renegotiate} (TLS 1.2 only, H3): schedules a renegotiation that the next read,
     * write or doHandshake starts (server: HelloRequest; client: ClientHello). Returns 1 when
     * scheduled, 0 with a reason when refused (WRONG_SSL_VERSION on TLS 1.3).
     */
    public int renegotiate() {
        if (!isHandshakeDone()) {
            return refuseRequest(TlsReason.STILL_IN_INIT, "no established connection to renegotiate");
        }
        if (version() != TlsVersion.TLS_1_2) {
            return refuseRequest(TlsReason.WRONG_SSL_VERSION, "renegotiation exists only in TLS 1.2");
        }
        if (context.options().contains(TlsOption.NO_RENEGOTIATION) || !isSecureRenegotiation()) {
            // RFC 5746: never renegotiate without the renegotiation_info extension.
            return refuseRequest(TlsReason.NO_RENEGOTIATION, "renegotiation is disabled or not secure");
        }
        if (closeNotifySent || peerClosed) {
            return refuseRequest(TlsReason.PROTOCOL_IS_SHUTDOWN, "the connection is shutting down");
        }
        if (peer.isServer() && isResumed()) {
            // Bouncy Castle 1.84's server fails a renegotiation after a resumption (see ServerEngine).
            return refuseRequest(TlsReason.NO_RENEGOTIATION, "a server cannot renegotiate a resumed session");
        }
        requests.scheduleRenegotiation();
        return 1;
    }

    /**
     * {@code SSL_key_update} (TLS 1.3 only, H4): schedules our KeyUpdate, asking the peer for
     * theirs when {@code requestPeerUpdate}; the next read, write or doHandshake sends it. Returns 1
     * when scheduled, 0 with a reason when refused: WRONG_SSL_VERSION on TLS 1.2, BAD_WRITE_RETRY
     * while a write is pending (the connection survives).
     */
    public int keyUpdate(boolean requestPeerUpdate) {
        if (!isHandshakeDone()) {
            return refuseRequest(TlsReason.STILL_IN_INIT, "no established connection to update keys on");
        }
        if (version() != TlsVersion.TLS_1_3) {
            return refuseRequest(TlsReason.WRONG_SSL_VERSION, "KeyUpdate exists only in TLS 1.3");
        }
        if (commitment.isPending()) {
            return refuseRequest(TlsReason.BAD_WRITE_RETRY, "a write is pending; finish it first");
        }
        if (closeNotifySent) {
            return refuseRequest(TlsReason.PROTOCOL_IS_SHUTDOWN, "the connection is shutting down");
        }
        requests.scheduleKeyUpdate(requestPeerUpdate);
        return 1;
    }

    private void sendScheduledRequests() throws IOException {
        if (phase == Phase.ESTABLISHED && !engine.isHandshaking() && !closeNotifySent) {
            requests.sendScheduled(engine);
        }
    }

    // ------------------------------------------------------------------------------------------
    // The handshake and record loops
    // ------------------------------------------------------------------------------------------

    /** Runs the first handshake, or a renegotiation in progress, until done or the BIO stalls. */
    private int driveHandshake() throws IOException {
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

    /**
     * Gives Bouncy Castle the next whole record, or reads more ciphertext when none is complete.
     * Returns OK after progress, WANT_READ when the BIO is dry, END_OF_STREAM at its EOF.
     */
    private int processNextRecord() throws IOException {
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
        if (engine.isClosed() || SessionFacts.version(parameters) != TlsVersion.TLS_1_3) {
            return;
        }
        SessionSnapshot facts = SessionSnapshot.of(parameters, serverName());
        Tls13Engine lean = Tls13Engine.takeOver(engine, parameters, outbound, events, context.keyUpdateAfter());
        if (lean == null) {
            return;
        }
        engine = lean;
        session.handedOff(facts);
    }

    /** Under RELEASE_BUFFERS, an idle connection holds no network buffer (checked at every return). */
    private void releaseIdleBuffers() {
        if (plaintext.length() == 0) {
            inbound.releaseIfEmpty();
        }
        if (engine != null) {
            outbound.releaseIfEmpty(engine);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Results and errors
    // ------------------------------------------------------------------------------------------

    /** {@code SSL_get_error}: what a return value {@code ret} of the last call means. */
    public TlsError getError(int ret) {
        return outcome.error(ret);
    }

    /** The reason of the last failure or refusal ({@code ERR_get_error}'s reason); NONE if none. */
    public TlsReason lastReason() {
        return outcome.reason();
    }

    /** The detail of the last failure: a {@link TlsException}, or the BIO's IOException for SYSCALL. */
    public IOException lastException() {
        return outcome.exception();
    }

    private boolean usable() {
        if (phase == Phase.UNINITIALIZED) {
            outcome.refuse(TlsReason.UNINITIALIZED, "neither setConnectState() nor setAcceptState() was called");
            return false;
        }
        if (phase == Phase.FAILED) {
            reportFailure();
            return false;
        }
        return true;
    }

    private int succeed(int result) {
        releaseIdleBuffers();
        return outcome.succeed(result);
    }

    private int stall(int result) {
        if (result == FAILED) {
            return -1;
        }
        releaseIdleBuffers();
        return outcome.stall(result == WANT_WRITE ? TlsError.WANT_WRITE : TlsError.WANT_READ);
    }

    private int refuseRequest(TlsReason reason, String message) {
        outcome.refuse(reason, message);
        return 0;
    }

    /** A failure that ends the connection, with no alert of ours beyond what Bouncy Castle sent. */
    private int fatal(TlsReason reason, String message) {
        return fatal(new TlsException(reason, TlsException.NO_ALERT, message, null), false);
    }

    /**
     * Ends the connection. When Bouncy Castle queued a fatal alert, it goes to the peer before the
     * failure is reported: until then every call returns -1 with WANT_WRITE (a blocking BIO simply
     * waits), then SSL with the reason.
     */
    private int fatal(TlsException failure, boolean alertQueued) {
        phase = Phase.FAILED;
        outcome.failed(failure);
        commitment.clear();
        LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection " + id + " failed: " + failure.getMessage());
        observer.handshakeFailed(failure.reason().name(), failure.getMessage()); // no-op unless one is running
        alertPending = alertQueued && engine != null && !outbound.isEmpty(engine);
        if (!alertPending) {
            releaseAll();
        }
        reportFailure();
        return -1;
    }

    private int fail(Throwable failure) {
        if (failure instanceof TransportException) {
            phase = Phase.FAILED;
            IOException cause = ((TransportException) failure).transportCause();
            outcome.transportFailed(cause);
            outcome.reportFailure(false);
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
    private void reportFailure() {
        if (alertPending) {
            try {
                if (!outbound.flush(engine, bio)) {
                    outcome.reportFailure(true);
                    return;
                }
            } catch (IOException | RuntimeException e) {
                // The transport is gone: the alert cannot reach the peer any more.
            }
            alertPending = false;
            releaseAll();
        }
        outcome.reportFailure(false);
    }

    private void releaseAll() {
        inbound.release();
        outbound.release();
        plaintext.clear();
        commitment.clear();
        if (engine != null) {
            engine.wipeSecrets();
        }
    }

    /**
     * {@code SSL_free}: gives every buffer back and overwrites the connection's traffic secrets and keys
     * (SPEC L4). The connection is unusable afterwards (calls return -1 with SSL); nothing is sent (call
     * {@link #shutdown()} first for a clean close). The session's facts stay readable. Idempotent.
     */
    public void free() {
        outcome.freed(phase == Phase.FAILED); // later calls fail with SSL; lastReason() still tells why it ended
        phase = Phase.FAILED;
        alertPending = false;
        releaseAll();
    }

    // ------------------------------------------------------------------------------------------
    // State and session facts
    // ------------------------------------------------------------------------------------------

    /** {@code SSL_pending}: decrypted bytes a read returns without touching the BIO. */
    public int pending() {
        return plaintext.length();
    }

    /**
     * {@code SSL_has_pending}: whether bytes, decrypted or still raw, are buffered; select() cannot
     * see them, so a loop must call read again before it sleeps (SPEC section 7).
     */
    public boolean hasPending() {
        // A partial record is not counted (OpenSSL's SSL_has_pending would): a loop that serves
        // hasPending() connections again would spin on it, since only the BIO can complete it.
        return plaintext.length() > 0 || (phase != Phase.FAILED && inbound.buffered() > 0 && inbound.nextRecordLength() != 0);
    }

    /** {@code SSL_is_init_finished}: the first handshake has completed. */
    public boolean isHandshakeDone() {
        return phase == Phase.ESTABLISHED;
    }

    /** Whether our close_notify went out ({@code SSL_SENT_SHUTDOWN}). */
    public boolean isCloseNotifySent() {
        return closeNotifySent;
    }

    /** Whether the peer's close_notify came ({@code SSL_RECEIVED_SHUTDOWN}). */
    public boolean isCloseNotifyReceived() {
        return peerClosed;
    }

    /** Whether the connection failed and may only be closed. */
    public boolean isFailed() {
        return phase == Phase.FAILED;
    }

    /** Whether ciphertext still waits to go to the BIO (a WANT_WRITE to resolve). */
    public boolean hasPendingOutput() {
        return engine != null && !outbound.isEmpty(engine);
    }

    /**
     * Whether protocol bytes are due that no application write will carry: ciphertext already made
     * but not yet taken by the BIO (a handshake flight, a KeyUpdate, a renegotiation message, our
     * close_notify, a fatal alert), or a post-handshake message owed but not yet made (the KeyUpdate
     * reply a peer asked for, H4; a KeyUpdate or renegotiation scheduled by {@link #keyUpdate} or
     * {@link #renegotiate}). A loop whose application has nothing to write checks it after each pass
     * and, while it is true, flushes: with a zero-length {@link #write} (W9), or after {@link #shutdown()}
     * by calling {@code shutdown()} again, and on a failed connection by any call (each returns
     * WANT_WRITE until our alert has gone). It turns false once the bytes reach the BIO; it does
     * not turn true for a handshake waiting on the peer, so a loop that flushes on it never spins.
     *
     * <p>OpenSSL has no one call for this: it is {@code SSL_want_write} after the call that stalled,
     * together with {@code SSL_get_key_update_type} and {@code SSL_renegotiate_pending} for the
     * messages scheduled but not yet written ({@code SSL_write(num=0)} then sends them).
     */
    public boolean protocolOutputPending() {
        switch (phase) {
            case FAILED:
                return alertPending;
            case HANDSHAKING:
                return hasPendingOutput();
            case ESTABLISHED:
                return hasPendingOutput() || !closeNotifySent && !engine.isHandshaking() && requests.outputDue();
            default:
                return false;
        }
    }

    /** Whether a write is pending (returned WANT_* with committed bytes). */
    public boolean hasPendingWrite() {
        return commitment.isPending();
    }

    /** Renegotiations completed after the first handshake. */
    public int renegotiations() {
        return requests.renegotiations();
    }

    /** KeyUpdate messages received from the peer. */
    public int keyUpdatesReceived() {
        return requests.keyUpdatesReceived();
    }

    /** KeyUpdate messages we sent (our own and replies). */
    public int keyUpdatesSent() {
        return requests.keyUpdatesSent();
    }

    /** {@code SSL_get_version}: "TLSv1.3" or "TLSv1.2"; null before the handshake. */
    public String protocol() {
        TlsVersion version = version();
        return version == null ? null : version.protocolName();
    }

    /** {@code SSL_version}: the negotiated protocol version; null before the handshake. */
    public TlsVersion version() {
        return session.version(parameters());
    }

    /** {@code SSL_get_cipher_name}, as the IANA name (TLS_AES_128_GCM_SHA256...); null before the handshake. */
    public String cipherSuite() {
        return session.cipherSuite(parameters());
    }

    /** {@code SSL_get0_alpn_selected}; null when none was agreed. */
    public String applicationProtocol() {
        return session.applicationProtocol(parameters());
    }

    /** {@code SSL_get_peer_cert_chain}, leaf first; empty when the peer sent none. */
    public List<X509Certificate> peerCertificates() {
        try {
            return session.peerCertificates(parameters());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection " + id + ": " + e);
            return List.of();
        }
    }

    /** {@code SSL_session_reused}. */
    public boolean isResumed() {
        return session.isResumed(parameters());
    }

    /** {@code SSL_get_secure_renegotiation_support}: the peer supports RFC 5746. */
    public boolean isSecureRenegotiation() {
        return session.isSecureRenegotiation(parameters());
    }

    /**
     * {@code SSL_get_servername}: on a server, the name the client asked for with SNI; on a client,
     * the name it sent.
     */
    public String serverName() {
        return session.serverName();
    }

    /**
     * The engine running the connection now: Bouncy Castle's protocol object, or after the TLS 1.3 hand-off
     * niotls's {@link Tls13Engine}. For tests of this package (the seam the hand-off tests use to craft
     * protected records the public API would never send).
     */
    dev.niotls.tls.engine.Engine engineForTest() {
        return engine;
    }

    /** The BIO this connection reads and writes. */
    public Bio bio() {
        return bio;
    }

    /** A short id for logs. */
    public long id() {
        return id;
    }

    @Override
    public String toString() {
        return "TlsConnection#" + id + "[" + phase + (phase == Phase.UNINITIALIZED ? "" : peer.isServer() ? ", server" : ", client")
                + (closeNotifySent ? ", close_notify sent" : "") + (peerClosed ? ", close_notify received" : "") + "]";
    }

    private SecurityParameters parameters() {
        return engine == null || phase == Phase.FAILED && !engine.isApplicationDataReady()
                ? null : engine.connectionParameters();
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
