package dev.niotls.tls.loop;

import dev.niotls.tls.Link;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsVersion;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * The select()-driven retry loop of SPEC section 7 for one connection: the loop an OpenSSL program
 * writes around {@code SSL_do_handshake}, {@code SSL_write}, {@code SSL_read}, {@code SSL_shutdown},
 * {@code SSL_get_error} and {@code select()}. The owner (a reactor channel, a load-generator session, a
 * test) supplies the plaintext side as an {@link Endpoint} and the selector: after {@link #serve} it
 * sets {@link #interestOps()} and, when {@code serve} returned true, serves the connection again before
 * its loop blocks in {@code select()}.
 *
 * <h2>One serve</h2>
 * <ol>
 *   <li>While handshaking: {@code SSL_do_handshake}; stop on WANT_READ / WANT_WRITE.</li>
 *   <li>Write pass: the pending write, <b>the identical buffer object</b> that got WANT_*, is offered
 *       again until {@code SSL_write} completes it (W3, W4); only then the next one. A KeyUpdate asked
 *       for while a write was pending goes once it completed (H4 refuses it meanwhile). When nothing is
 *       queued, a zero-length write flushes protocol output (a KeyUpdate reply, a scheduled
 *       renegotiation, W9). While closing, the pass is corked ({@link Link#cork}).</li>
 *   <li>While closing: {@code SSL_shutdown} once the queue is empty (S1): its close_notify and the write
 *       pass's last records leave in one TCP segment. Then the read pass delivers what the peer still sends
 *       until its close_notify, or, when reading is paused, {@code SSL_shutdown} reads on and discards it (S2).</li>
 *   <li>Read pass: {@code SSL_read} until WANT_READ, each chunk to {@link Endpoint#received}.</li>
 *   <li>Repeat while something moved (a read may have finished the renegotiation a write waited for,
 *       W10), at most {@link #MAX_ROUNDS} times; both passes have a budget so that one busy connection
 *       cannot hog the loop.</li>
 * </ol>
 *
 * <h2>Interest</h2>
 * Derived from what each pass waits on ({@link Want}): {@code OP_READ} while the application reads or a
 * call waits on WANT_READ, {@code OP_WRITE} while a call waits on WANT_WRITE. Reading never stops
 * merely because a write is blocked: two peers both blocked on writes with neither reading would
 * deadlock.
 *
 * <h2>Phases</h2>
 * <pre>
 * HANDSHAKING --done--> OPEN --close()--> CLOSING --SSL_shutdown() == 0--> CLOSE_NOTIFY_SENT
 *   CLOSING / CLOSE_NOTIFY_SENT --SSL_shutdown() == 1--> DONE;   any --failure / abandon()--> DONE
 * </pre>
 * Not thread-safe: one loop thread owns the driver, as it owns the connection.
 */
public final class ChannelDriver {
    /** Plaintext delivered in one read pass, or written in one write pass, before the others run. */
    public static final int READ_BUDGET = 256 * 1024;
    public static final int WRITE_BUDGET = 256 * 1024;
    /** Write-read rounds per serve; a connection with more to do is served again. */
    public static final int MAX_ROUNDS = 8;
    /** A zero-length write: never modified, so one instance serves every connection of every loop. */
    private static final ByteBuffer FLUSH = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /** Where each two-bit field sits in {@link #bits}: each pass's WANT, the read side, a deferred KeyUpdate. */
    private static final int HANDSHAKE = 0;
    private static final int WRITE = 2;
    private static final int READ = 4;
    private static final int CLOSE = 6;
    private static final int INBOUND = 8;
    private static final int DEFERRED = 10;
    /** Protocol output may wait in the connection: a zero-length write sends it (W9). */
    private static final int FLUSH_DUE = 1 << 12;
    /** Inside {@link #serve}. */
    private static final int SERVING = 1 << 13;
    private static final Want[] WANTS = Want.values();
    private static final Inbound[] INBOUNDS = Inbound.values();
    private static final DeferredKeyUpdate[] DEFERRED_KEY_UPDATES = DeferredKeyUpdate.values();

    /** What a pass's last call waits for ({@code SSL_ERROR_WANT_READ}, {@code SSL_ERROR_WANT_WRITE}). */
    public enum Want { NONE, READ, WRITE }

    /** Where the connection is; see the class Javadoc. */
    public enum Phase { HANDSHAKING, OPEN, CLOSING, CLOSE_NOTIFY_SENT, DONE }

    /** The read side, as the application and the peer left it. */
    private enum Inbound { READING, PAUSED, PEER_CLOSED }

    /** A KeyUpdate asked for while a write was pending (H4: {@code SSL_key_update} refuses it then). */
    private enum DeferredKeyUpdate { NONE, UPDATE, UPDATE_REQUESTING_PEER }

    /** The plaintext side: what to write, where read data goes, and what happened. Loop thread only. */
    public interface Endpoint {
        /**
         * The pending write: the identical object until it has no bytes left (W3, W4), then the next
         * queued buffer; null when nothing is queued.
         */
        ByteBuffer pendingWrite();

        /** {@code SSL_write} took {@code count} bytes of the pending write. */
        void written(int count);

        /** An empty buffer to read into. */
        ByteBuffer readBuffer();

        /** Application data (flipped); the endpoint may pause reading or abandon the driver meanwhile. */
        void received(ByteBuffer data);

        /**
         * A write pass ended; {@code wrote}: whether it wrote anything.
         * @return true when the endpoint itself moved something (it told the application it may send again)
         */
        default boolean writePassDone(boolean wrote) {
            return false;
        }

        /** The handshake completed; the driver is OPEN (the endpoint may close or abandon it). */
        default void handshakeDone() {
        }

        /** The peer's close_notify (ZERO_RETURN, or end of stream for a plain link). */
        default void endOfStream() {
        }

        /** A call returned WANT_READ or WANT_WRITE (for counters). */
        default void waiting(Want want) {
        }

        /**
         * {@code SSL_shutdown} returned 0: our close_notify is on the wire (S1), the peer's not yet in. The
         * endpoint may {@link #abandon} the driver here, to close without waiting for the peer.
         */
        default void closeNotifySent() {
        }

        /** {@code SSL_shutdown} returned 1: both close_notify exchanged. The driver is DONE. */
        void closed();

        /** {@code call} failed with {@code error}; the driver is DONE. The link tells the reason. */
        void failed(String call, TlsError error);
    }

    private final Endpoint endpoint;
    private Link link;
    private Phase phase = Phase.HANDSHAKING;
    /**
     * Two bits each: each pass's WANT ({@link #HANDSHAKE}, {@link #WRITE}, {@link #READ}, {@link #CLOSE}), the
     * {@link Inbound} side, the {@link DeferredKeyUpdate}; and {@link #FLUSH_DUE}, {@link #SERVING}. One int, not six
     * enum references and a boolean: every idle connection keeps this object (BENCHMARKS.md, "issue 13").
     */
    private int bits;
    private int seenRenegotiations;

    public ChannelDriver(Link link, Endpoint endpoint) {
        this.link = link;
        this.endpoint = endpoint;
    }

    /** A driver whose link comes later ({@link #attach}): a client's TCP connect is still in flight. */
    public ChannelDriver(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    /** The link exists now; no pass runs before this. */
    public void attach(Link value) {
        this.link = value;
    }

    // ---- the serve ----

    /**
     * Runs the passes of one serve (class Javadoc).
     *
     * @return whether to serve the connection again before the loop blocks in {@code select()}:
     *         something moved and the budget cut the serve short, or records are buffered that
     *         {@code select()} cannot see
     */
    public boolean serve() {
        bits |= SERVING;
        try {
            if (phase == Phase.HANDSHAKING && !handshakePass()) {
                return false;
            }
            boolean progress = true;
            for (int round = 0; progress && round < MAX_ROUNDS && phase != Phase.DONE; round++) {
                progress = phase == Phase.CLOSING ? corkedWritePass() : writePass();
                if (phase == Phase.CLOSING || phase == Phase.CLOSE_NOTIFY_SENT) {
                    progress |= closePass(); // before the read pass, which would flush what the cork held
                }
                if (phase != Phase.DONE) {
                    progress |= readPass();
                }
            }
            return phase != Phase.DONE && (progress || (isReading() && link.hasPending()));
        } finally {
            bits &= ~SERVING;
        }
    }

    /** @return true when the handshake is done and the driver still open (or closing) */
    public boolean handshakePass() {
        int result = link.doHandshake();
        if (result == 1) {
            set(HANDSHAKE, Want.NONE);
            phase = Phase.OPEN;
            seenRenegotiations = link.renegotiations();
            endpoint.handshakeDone();
            return phase != Phase.DONE;
        }
        set(HANDSHAKE, want("doHandshake", result));
        return false;
    }

    /** @return whether anything moved */
    public boolean writePass() {
        set(WRITE, Want.NONE);
        if (link.isCloseNotifySent()) {
            return false; // W11: nothing may follow our close_notify
        }
        boolean wrote = false;
        for (int total = 0; total < WRITE_BUDGET; ) {
            if (get(DEFERRED_KEY_UPDATES, DEFERRED) != DeferredKeyUpdate.NONE && !link.hasPendingWrite()) {
                applyDeferredKeyUpdate();
            }
            ByteBuffer data = endpoint.pendingWrite();
            if (data == null) {
                break;
            }
            int written = link.write(data); // the same object until it completes (W3, W4)
            if (written > 0) {
                total += written;
                endpoint.written(written);
                wrote = true;
                continue;
            }
            set(WRITE, want("write", written));
            if (writeWant() == Want.NONE) {
                return true; // failed
            }
            break;
        }
        if (flushDue() && writeWant() == Want.NONE && endpoint.pendingWrite() == null) {
            flush();
            if (phase == Phase.DONE) {
                return true;
            }
        }
        return endpoint.writePassDone(wrote) | wrote;
    }

    /** Corked: the last records wait for close_notify (an HTTP response and the connection's end, one segment). */
    private boolean corkedWritePass() {
        link.cork(true);
        boolean progress = writePass();
        link.cork(false);
        return progress;
    }

    /** W9: a zero-length {@code SSL_write} drives a handshake and flushes protocol output. */
    private void flush() {
        int result = link.write(FLUSH);
        if (result == 0) {
            setFlushDue(false); // 0 is success for a zero-length write (SYSCALL or ZERO_RETURN)
        } else {
            set(WRITE, want("flush", result));
        }
    }

    /** @return whether anything moved */
    public boolean readPass() {
        set(READ, Want.NONE);
        boolean progress = false;
        // While close_notify waits for the socket, SSL_read would fail: it is not read until flushed.
        if (isReading() && !(link.isCloseNotifySent() && phase != Phase.CLOSE_NOTIFY_SENT)) {
            progress = readUntilWant();
        }
        if (phase == Phase.DONE) {
            return true;
        }
        int renegotiations = link.renegotiations();
        if (renegotiations != seenRenegotiations) {
            // A renegotiation that completed in this read pass (the peer's Finished, and no data with it)
            // releases a write that got WANT_READ waiting for it (W10): another round.
            seenRenegotiations = renegotiations;
            progress = true;
        }
        if (!flushDue() && link.protocolOutputPending()) {
            // H4, RFC 8446 section 4.6.3: the KeyUpdate the peer asked for goes out with our next write;
            // an application that is only reading would never send it without this.
            setFlushDue(true);
            progress = true;
        }
        return progress;
    }

    private boolean readUntilWant() {
        int total = 0;
        while (total < READ_BUDGET) {
            ByteBuffer buffer = endpoint.readBuffer();
            int count = link.read(buffer);
            if (count > 0) {
                total += count;
                endpoint.received(buffer.flip());
                if (phase == Phase.DONE || !isReading()) {
                    break;
                }
                continue;
            }
            if (link.getError(count) == TlsError.ZERO_RETURN) {
                set(INBOUND, Inbound.PEER_CLOSED);
                endpoint.endOfStream();
                return true;
            }
            set(READ, want("read", count)); // a read that needs to write waits for OP_WRITE
            return total > 0 || phase == Phase.DONE;
        }
        return true;
    }

    /**
     * {@code SSL_shutdown} once everything queued is out (S1). Once our close_notify is on the wire,
     * the read pass goes on delivering what the peer still sends until its close_notify (as
     * {@code SSL_read} stays usable until ZERO_RETURN); only when the application paused reading,
     * or the peer's close_notify came, does {@code SSL_shutdown} run again (S2).
     *
     * @return whether anything moved
     */
    public boolean closePass() {
        set(CLOSE, Want.NONE);
        if (phase == Phase.CLOSE_NOTIFY_SENT && isReading()) {
            return false;
        }
        if (!link.isCloseNotifySent() && (endpoint.pendingWrite() != null || flushDue())) {
            return false; // what the application queued goes before close_notify
        }
        int result = link.shutdown();
        if (result == 1) {
            phase = Phase.DONE;
            endpoint.closed();
            return true;
        }
        if (result == 0) {
            if (phase == Phase.CLOSE_NOTIFY_SENT) {
                return false;
            }
            phase = Phase.CLOSE_NOTIFY_SENT; // S1 done: now the peer's close_notify, through the read pass
            endpoint.closeNotifySent();
            return true;
        }
        set(CLOSE, want("shutdown", result));
        return closeWant() == Want.NONE;
    }

    /** @return the WANT of a call that returned {@code result}; NONE after a failure (then DONE) */
    private Want want(String call, int result) {
        TlsError error = link.getError(result);
        Want want = error == TlsError.WANT_READ ? Want.READ : error == TlsError.WANT_WRITE ? Want.WRITE : Want.NONE;
        if (want == Want.NONE) {
            phase = Phase.DONE;
            endpoint.failed(call, error);
        } else {
            endpoint.waiting(want);
        }
        return want;
    }

    /** The interest ops for the connection's key now: derived from the WANT each pass waits on. */
    public int interestOps() {
        if (phase == Phase.HANDSHAKING) {
            return handshakeWant() == Want.WRITE ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        }
        boolean read = writeWant() == Want.READ || link.isCloseNotifySent() || isReading();
        boolean write = writeWant() == Want.WRITE || readWant() == Want.WRITE || closeWant() == Want.WRITE;
        return (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
    }

    // ---- what the owner asks for ----

    /** Starts the graceful close: queued data, then close_notify. @return false unless it was OPEN */
    public boolean close() {
        if (phase != Phase.OPEN) {
            return false;
        }
        phase = Phase.CLOSING;
        return true;
    }

    /** The owner closed the socket (or gave up): no pass runs any more. */
    public void abandon() {
        phase = Phase.DONE;
    }

    public void pauseReading() {
        if (isReading()) {
            set(INBOUND, Inbound.PAUSED);
        }
    }

    public void resumeReading() {
        if (get(INBOUNDS, INBOUND) == Inbound.PAUSED) {
            set(INBOUND, Inbound.READING);
        }
    }

    /** Protocol output waits to be flushed by the next write pass (W9). */
    public void flushLater() {
        setFlushDue(true);
    }

    /** {@code SSL_renegotiate} (H3), flushed by the next write pass. @return whether it was scheduled */
    public boolean renegotiate() {
        if (phase != Phase.OPEN || link.renegotiate() != 1) {
            return false;
        }
        setFlushDue(true);
        return true;
    }

    /**
     * {@code SSL_key_update} (H4), flushed by the next write pass. While a write is pending the connection
     * would refuse it: it is deferred until that write completes, and requests made meanwhile become one.
     *
     * @return whether it was scheduled (or deferred)
     */
    public boolean keyUpdate(boolean requestPeerUpdate) {
        if (phase != Phase.OPEN) {
            return false;
        }
        if (link.version() != TlsVersion.TLS_1_3) {
            return link.keyUpdate(requestPeerUpdate) == 1; // refused with WRONG_SSL_VERSION
        }
        if (link.hasPendingWrite()) {
            boolean requestPeer = requestPeerUpdate
                    || get(DEFERRED_KEY_UPDATES, DEFERRED) == DeferredKeyUpdate.UPDATE_REQUESTING_PEER;
            set(DEFERRED, requestPeer ? DeferredKeyUpdate.UPDATE_REQUESTING_PEER : DeferredKeyUpdate.UPDATE);
            return true;
        }
        if (link.keyUpdate(requestPeerUpdate) != 1) {
            return false;
        }
        setFlushDue(true);
        return true;
    }

    private void applyDeferredKeyUpdate() {
        boolean requestPeer = get(DEFERRED_KEY_UPDATES, DEFERRED) == DeferredKeyUpdate.UPDATE_REQUESTING_PEER;
        set(DEFERRED, DeferredKeyUpdate.NONE);
        if (link.keyUpdate(requestPeer) == 1) {
            setFlushDue(true);
        }
    }

    // ---- what the owner may look at ----

    public Phase phase() {
        return phase;
    }

    /** Inside {@link #serve} (an endpoint callback): what the owner is asked now, this serve picks up. */
    public boolean isServing() {
        return (bits & SERVING) != 0;
    }

    /** Whether the read pass runs: not paused by the application, and the peer has not closed. */
    public boolean isReading() {
        return get(INBOUNDS, INBOUND) == Inbound.READING;
    }

    public boolean isPeerClosed() {
        return get(INBOUNDS, INBOUND) == Inbound.PEER_CLOSED;
    }

    public Want handshakeWant() {
        return get(WANTS, HANDSHAKE);
    }

    public Want writeWant() {
        return get(WANTS, WRITE);
    }

    public Want readWant() {
        return get(WANTS, READ);
    }

    public Want closeWant() {
        return get(WANTS, CLOSE);
    }

    public Link link() {
        return link;
    }

    /** The two-bit field at {@code at} of {@link #bits}, as one of {@code values}. */
    private <E extends Enum<E>> E get(E[] values, int at) {
        return values[(bits >>> at) & 3];
    }

    private void set(int at, Enum<?> value) {
        bits = (bits & ~(3 << at)) | (value.ordinal() << at);
    }

    private boolean flushDue() {
        return (bits & FLUSH_DUE) != 0;
    }

    private void setFlushDue(boolean due) {
        bits = due ? bits | FLUSH_DUE : bits & ~FLUSH_DUE;
    }
}
