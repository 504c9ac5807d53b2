package dev.niotls.tls;

import dev.niotls.tls.RecordDriver.Phase;
import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.bio.BufferAllocator;
import dev.niotls.tls.engine.Engine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

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
 * ({@code dev.niotls.tls.record.Tls13Engine}, SPEC L1) and the session's facts a snapshot. Shutdown is two
 * flags on top of ESTABLISHED, {@code closeNotifySent} (our {@link #shutdown()}) and {@code peerClosed}
 * (their close_notify), as OpenSSL's {@code SSL_get_shutdown} bits.
 *
 * <h2>The write retry contract (W3 to W8)</h2>
 * Bouncy Castle encrypts whatever it is given, at once. niotls encrypts at most one record, and only
 * when the previous ciphertext has left for the BIO. The plaintext bytes of {@code src} that are
 * already encrypted are <em>committed</em>: a write that would block returns WANT_WRITE with
 * {@code src} untouched, and the caller must retry with the same buffer object holding at least the
 * committed bytes. Only a completed write moves {@code src.position()}.
 *
 * <h2>Inside</h2>
 * This class is the API edge: it checks each call, runs it and maps the outcome to OpenSSL's codes. The
 * work is done by {@link RecordDriver} (the engine, its buffers and the record loop, the phase, failure;
 * this class extends it, so that a connection is one object), {@link WriteLoop} with the
 * {@link WriteCommitment}, {@link ReadLoop}, {@link CallOutcome} (what {@code SSL_get_error} reports, a superclass too) and
 * {@link ConnectionPeer} (the Bouncy Castle peer and engine, then the session's facts).
 */
public final class TlsConnection extends RecordDriver implements Link {
    private static final System.Logger LOG = System.getLogger(TlsConnection.class.getName());

    private BufferAllocator allocator = BufferAllocator.HEAP;

    TlsConnection(TlsContext context, Bio bio) {
        super(context, bio);
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
        modes = ConnectionModes.change(modes, changed, on);
        createBuffers();
    }

    /** {@code SSL_get_mode}: whether {@code mode} is on for this connection. */
    public boolean hasMode(TlsMode mode) {
        return modeOn(mode);
    }

    private void checkNotStarted() {
        if (phase().compareTo(Phase.READY) > 0) {
            throw new IllegalStateException("The handshake has started");
        }
    }

    /**
     * Where this connection takes its network and plaintext buffers (a pool per event loop, for
     * example). Call before the handshake starts; buffers are taken lazily, and given back when
     * empty under {@link TlsMode#RELEASE_BUFFERS}.
     */
    public void setBufferAllocator(BufferAllocator allocator) {
        Objects.requireNonNull(allocator, "allocator");
        checkNotStarted();
        this.allocator = allocator;
        createBuffers();
    }

    private void createBuffers() {
        createBuffers(allocator, modeOn(TlsMode.RELEASE_BUFFERS));
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
        checkNotStarted();
        peer.setRole(asServer);
        ready();
    }

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
            return result == RecordDriver.OK ? succeeded(1) : stalled(result);
        } catch (IOException | RuntimeException e) {
            return fail(e);
        }
    }

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
        if (closeNotifySent()) {
            return refuse(TlsReason.PROTOCOL_IS_SHUTDOWN, "write after shutdown()"); // W11
        }
        if (writePending()) {
            TlsException refusal = commitment.checkRetry(src, modeOn(TlsMode.ACCEPT_MOVING_WRITE_BUFFER));
            if (refusal != null) {
                return fatal(refusal, false); // W6
            }
        }
        try {
            int result = WriteLoop.write(this, src);
            if (result == 0) {
                releaseIdleBuffers();
                return zero(isPeerClosed() ? TlsError.ZERO_RETURN : TlsError.SYSCALL); // W9
            }
            return result > 0 ? succeeded(result) : stalled(result);
        } catch (IOException | RuntimeException e) {
            return fail(e);
        }
    }

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
            int result = ReadLoop.read(this, dst, peek);
            if (result > 0) {
                return succeeded(result);
            }
            return result == RecordDriver.END_OF_STREAM ? endOfStream() : stalled(result);
        } catch (IOException | RuntimeException e) {
            return fail(e);
        }
    }

    /** R4 and R5: the end of the peer's data, clean or not. */
    private int endOfStream() {
        if (context.options().contains(TlsOption.IGNORE_UNEXPECTED_EOF)) {
            treatEofAsCloseNotify();
        }
        if (isPeerClosed()) {
            releaseIdleBuffers();
            return zero(TlsError.ZERO_RETURN);
        }
        fatal(TlsReason.UNEXPECTED_EOF_WHILE_READING, "the peer closed the transport without close_notify");
        return 0;
    }

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
        if (phase() != Phase.ESTABLISHED) {
            return refuse(TlsReason.SHUTDOWN_WHILE_IN_INIT, "shutdown() before the handshake completed");
        }
        try {
            int result = ReadLoop.shutdown(this);
            return result >= 0 ? succeeded(result) : stalled(result);
        } catch (IOException | RuntimeException e) {
            return fail(e);
        }
    }

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
        if (closeNotifySent() || isPeerClosed()) {
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
        if (writePending()) {
            return refuseRequest(TlsReason.BAD_WRITE_RETRY, "a write is pending; finish it first");
        }
        if (closeNotifySent()) {
            return refuseRequest(TlsReason.PROTOCOL_IS_SHUTDOWN, "the connection is shutting down");
        }
        requests.scheduleKeyUpdate(requestPeerUpdate);
        return 1;
    }

    /** {@code SSL_get_error}: what a return value {@code ret} of the last call means. */
    public TlsError getError(int ret) {
        return error(ret);
    }

    /** The reason of the last failure or refusal ({@code ERR_get_error}'s reason); NONE if none. */
    public TlsReason lastReason() {
        return reason();
    }

    /** The detail of the last failure: a {@link TlsException}, or the BIO's IOException for SYSCALL. */
    public IOException lastException() {
        return exception();
    }

    private boolean usable() {
        Phase phase = phase();
        if (phase == Phase.UNINITIALIZED) {
            refuse(TlsReason.UNINITIALIZED, "neither setConnectState() nor setAcceptState() was called");
            return false;
        }
        if (phase == Phase.FAILED) {
            reportFailure();
            return false;
        }
        return true;
    }

    private int succeeded(int result) {
        releaseIdleBuffers();
        return succeed(result);
    }

    private int stalled(int result) {
        if (result == RecordDriver.FAILED) {
            return -1;
        }
        releaseIdleBuffers();
        return stall(result == RecordDriver.WANT_WRITE ? TlsError.WANT_WRITE : TlsError.WANT_READ);
    }

    /**
     * {@code SSL_free}: gives every buffer back and overwrites the connection's traffic secrets and keys
     * (SPEC L4). The connection is unusable afterwards (calls return -1 with SSL); nothing is sent (call
     * {@link #shutdown()} first for a clean close). The session's facts stay readable. Idempotent.
     */
    public void free() {
        release();
    }

    /** {@code SSL_pending}: decrypted bytes a read returns without touching the BIO. */
    public int pending() {
        return plaintext().length();
    }

    /**
     * {@code SSL_has_pending}: whether bytes, decrypted or still raw, are buffered; select() cannot
     * see them, so a loop must call read again before it sleeps (SPEC section 7).
     */
    public boolean hasPending() {
        // A partial record is not counted (OpenSSL's SSL_has_pending would): a loop that serves
        // hasPending() connections again would spin on it, since only the BIO can complete it.
        return recordsPending();
    }

    /** {@code SSL_is_init_finished}: the first handshake has completed. */
    public boolean isHandshakeDone() {
        return phase() == Phase.ESTABLISHED;
    }

    /** Whether our close_notify went out ({@code SSL_SENT_SHUTDOWN}). */
    public boolean isCloseNotifySent() {
        return closeNotifySent();
    }

    /** Whether the peer's close_notify came ({@code SSL_RECEIVED_SHUTDOWN}). */
    public boolean isCloseNotifyReceived() {
        return isPeerClosed();
    }

    /** Whether the connection failed and may only be closed. */
    public boolean isFailed() {
        return phase() == Phase.FAILED;
    }

    /** Whether ciphertext still waits to go to the BIO (a WANT_WRITE to resolve). */
    public boolean hasPendingOutput() {
        return outputWaiting();
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
        return outputDue();
    }

    @Override
    public void cork(boolean on) {
        corkOutput(on);
    }

    /** Whether a write is pending (returned WANT_* with committed bytes). */
    public boolean hasPendingWrite() {
        return writePending();
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
        return peer.version(parameters());
    }

    /** {@code SSL_get_cipher_name}, as the IANA name (TLS_AES_128_GCM_SHA256...); null before the handshake. */
    public String cipherSuite() {
        return peer.cipherSuite(parameters());
    }

    /** {@code SSL_get0_alpn_selected}; null when none was agreed. */
    public String applicationProtocol() {
        return peer.applicationProtocol(parameters());
    }

    /** {@code SSL_get_peer_cert_chain}, leaf first; empty when the peer sent none. */
    public List<X509Certificate> peerCertificates() {
        try {
            return peer.peerCertificates(parameters());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "TLS connection " + id + ": " + e);
            return List.of();
        }
    }

    /** {@code SSL_session_reused}. */
    public boolean isResumed() {
        return peer.isResumed(parameters());
    }

    /** {@code SSL_get_secure_renegotiation_support}: the peer supports RFC 5746. */
    public boolean isSecureRenegotiation() {
        return peer.isSecureRenegotiation(parameters());
    }

    /**
     * {@code SSL_get_servername}: on a server, the name the client asked for with SNI; on a client,
     * the name it sent.
     */
    public String serverName() {
        return peer.serverName();
    }

    /**
     * The engine running the connection now: Bouncy Castle's protocol object, or after the TLS 1.3 hand-off
     * niotls's {@code Tls13Engine}. For tests of this package (the seam the hand-off tests use to craft
     * protected records the public API would never send).
     */
    Engine engineForTest() {
        return engine();
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
        return "TlsConnection#" + id + "[" + describe() + "]";
    }
}
