package dev.niotls.tls.reactor;

import dev.niotls.reactor.ChannelHandler;
import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.Registration;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.events.ReactorEvents;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TlsConnection} over a non-blocking {@link SocketBio}, served by one event loop: the retry
 * loop of SPEC section 7, and the {@link TlsChannel} its {@link TlsHandler} talks to.
 *
 * <h2>One serve (each time the loop calls {@link #ready})</h2>
 * <ol>
 *   <li>While handshaking: {@code SSL_do_handshake}; stop on WANT_READ / WANT_WRITE.</li>
 *   <li>Write pass: the pending write, <b>the identical buffer object</b> that got WANT_*, is offered
 *       again until {@code SSL_write} completes it (W3, W4); only then the next queued buffer. A
 *       zero-length write flushes protocol output (a KeyUpdate reply, a scheduled renegotiation, W9).</li>
 *   <li>Read pass: {@code SSL_read} until WANT_READ, each chunk to {@link TlsHandler#onData}. Both
 *       passes have a budget, so that one busy connection cannot hog the loop.</li>
 *   <li>While closing: {@code SSL_shutdown}, once the queue is empty.</li>
 *   <li>Repeat while something moved (a read may have finished the renegotiation a write waited for).</li>
 *   <li>Interest: {@code OP_READ} while the application reads or a call waits on WANT_READ,
 *       {@code OP_WRITE} while a call waits on WANT_WRITE. Reading never stops merely because a write
 *       is blocked: two peers both blocked on writes with neither reading would deadlock.</li>
 *   <li>{@code hasPending()} (decrypted bytes {@code select()} cannot see): serve again before the loop
 *       sleeps ({@link Registration#serviceAgain()}).</li>
 * </ol>
 *
 * <h2>States</h2>
 * <pre>
 * CONNECTING --TCP connected--> HANDSHAKING --Finished--> OPEN --close()/idle/peer close_notify--> CLOSING
 *   any --finish(reason)--> CLOSED (socket closed, onClosed called once)
 * </pre>
 * HANDSHAKING ends in CLOSED on a timeout, a failure or {@code close()} (no close_notify exists yet).
 * CLOSING sends what is queued, then close_notify, then waits for the peer's close_notify or end of
 * stream, all within the close timeout.
 */
final class ReactorChannel implements TlsChannel, ChannelHandler {
    private static final System.Logger LOG = System.getLogger(ReactorChannel.class.getName());
    private static final AtomicLong IDS = new AtomicLong();
    /** A zero-length write: never modified, so one instance serves every channel of every loop. */
    private static final ByteBuffer FLUSH = ByteBuffer.allocate(0).asReadOnlyBuffer();
    /** Plaintext delivered in one read pass, or written in one write pass, before the others run. */
    private static final int READ_BUDGET = 256 * 1024;
    private static final int WRITE_BUDGET = 256 * 1024;
    /** Write-read rounds per serve; a channel with more to do asks to be served again. */
    private static final int MAX_ROUNDS = 8;

    /** Where the channel is in its life; see the class Javadoc for the transitions. */
    enum State {
        /** A client whose TCP connect is in flight: no socket, no TLS connection yet. */
        CONNECTING,
        /** The first handshake runs; the handshake timer is armed. */
        HANDSHAKING,
        /** Application data flows both ways (renegotiations and key updates happen underneath). */
        OPEN,
        /** A graceful close runs: queued data, close_notify, the peer's answer; the close timer is armed. */
        CLOSING,
        /** Socket closed, {@link TlsHandler#onClosed} called. Terminal. */
        CLOSED
    }

    private final long id = IDS.incrementAndGet();
    private final EventLoop loop;
    private final TlsContext context;
    private final String serverName;
    private final boolean client;
    private final TlsHandler handler;
    private final LoopResources resources;
    private final CounterCells counters;
    private final ConnectionBuffers buffers;
    private final SendQueue sendQueue;
    private final ChannelTimers timers;
    /** The server that accepted this channel (it closes its channels on close()); null for clients. */
    private final TlsServer server;
    private final InetSocketAddress remoteAddress;
    private TlsConnection connection;
    private Registration registration;
    /** Volatile only for {@link #isOpen()} from other threads; written on the loop. */
    private volatile State state;

    /** Inside {@link #ready}: requests made now (send, close...) are picked up by the running serve. */
    private boolean serving;
    private boolean readingPaused;
    /** The peer's close_notify was read and {@link TlsHandler#onPeerClosed} called. */
    private boolean peerClosed;
    private boolean closeRequested;
    /** {@code SSL_shutdown} returned 0: our close_notify is on the wire. */
    private boolean closeNotifyFlushed;
    /** What made the channel close when it was not the application or the peer (IDLE_TIMEOUT). */
    private CloseReason closeCause;
    /** Protocol output may wait in the connection: a zero-length write sends it (W9). */
    private boolean flushWanted;
    private boolean keyUpdateDeferred;
    private boolean keyUpdateRequestsPeer;
    private boolean handshakeWantsWrite;
    private boolean writeWantsRead;
    private boolean writeWantsWrite;
    private boolean readWantsWrite;
    private boolean closeWantsWrite;
    private int seenRenegotiations;
    private int seenKeyUpdatesSent;
    private int seenKeyUpdatesReceived;
    /** For the JFR ConnectionClosed event: plaintext bytes each way, and when the channel was made. */
    private long bytesIn;
    private long bytesOut;
    private final long createdNanos = System.nanoTime();

    private ReactorChannel(EventLoop loop, TlsContext context, String serverName, boolean client,
            ChannelSettings settings, TlsHandler handler, TlsServer server, InetSocketAddress remoteAddress) {
        this.loop = loop;
        this.context = context;
        this.serverName = serverName;
        this.client = client;
        this.handler = handler;
        this.server = server;
        this.remoteAddress = remoteAddress;
        this.resources = LoopResources.of(loop);
        this.counters = resources.counters();
        this.buffers = new ConnectionBuffers(resources.pool());
        this.sendQueue = new SendQueue(settings.sendQueueLimit());
        this.timers = new ChannelTimers(loop, settings, this);
        this.state = State.CONNECTING;
    }

    /** A server channel for a freshly accepted socket, on its loop's thread. */
    static ReactorChannel accepted(SocketChannel socket, EventLoop loop, TlsContext context,
            ChannelSettings settings, TlsHandler handler, TlsServer server) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteAddress();
        ReactorChannel channel = new ReactorChannel(loop, context, null, false, settings, handler, server, remote);
        channel.attach(socket);
        return channel;
    }

    /** A client channel whose TCP connect is about to start. */
    static ReactorChannel connecting(EventLoop loop, InetSocketAddress remote, TlsContext context, String serverName,
            ChannelSettings settings, TlsHandler handler) {
        return new ReactorChannel(loop, context, serverName, true, settings, handler, null, remote);
    }

    /** The socket exists: make the TLS connection over it, with buffers from the loop's pool. */
    void attach(SocketChannel socket) throws IOException {
        // TLS records are whole messages: Nagle would hold a handshake flight or a short response.
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        connection = context.newConnection(new SocketBio(socket));
        connection.setBufferAllocator(buffers);
        // The pool only pays off if idle connections give their buffers back (SSL_MODE_RELEASE_BUFFERS).
        connection.setMode(TlsMode.RELEASE_BUFFERS);
        if (client) {
            connection.setConnectState();
            if (serverName != null) {
                connection.setServerName(serverName);
            }
        } else {
            connection.setAcceptState();
        }
    }

    /** The client's TCP connect failed. */
    void connectFailed(IOException cause) {
        finish(CloseReason.CONNECT_FAILED, cause);
    }

    // ---- ChannelHandler: the loop's side ----

    @Override
    public void registered(Registration value) {
        registration = value;
        state = State.HANDSHAKING;
        counters.increment(CounterCells.CONNECTIONS_OPEN);
        timers.handshakeStarted();
        if (server != null && !server.track(this)) {
            closeRequested = true; // accepted just before the server closed
        }
        if (closeRequested) {
            finish(CloseReason.ABORTED, null);
        } else if (client) {
            ready(value, 0); // the ClientHello goes now, not when the socket turns readable
        }
    }

    @Override
    public void ready(Registration value, int readyOps) {
        if (state == State.CLOSED) {
            return;
        }
        serving = true;
        try {
            serve();
        } catch (RuntimeException | Error bug) {
            LOG.log(System.Logger.Level.ERROR, () -> this + ": unexpected failure; closing", bug);
            finish(CloseReason.ERROR, bug);
        } finally {
            serving = false;
        }
        if (state != State.CLOSED) {
            updateInterest();
        }
    }

    @Override
    public void shutdownRequested(Registration value) {
        close();
    }

    @Override
    public void closed(Registration value) {
        // Closed behind our back: the loop's shutdown grace period ended, or a reactor failure.
        finish(CloseReason.ABORTED, null);
    }

    private void serve() {
        if (state == State.HANDSHAKING && !handshake()) {
            return;
        }
        boolean progress = true;
        for (int round = 0; progress && round < MAX_ROUNDS; round++) {
            progress = writePass();
            if (state == State.CLOSED) {
                return;
            }
            progress |= readPass();
            if (state == State.CLOSED) {
                return;
            }
            progress |= syncCounters();
            if (state == State.CLOSING) {
                progress |= closePass();
                if (state == State.CLOSED) {
                    return;
                }
            }
        }
        if (progress || (!readingPaused && !peerClosed && connection.hasPending())) {
            // SPEC section 7: records already decrypted are invisible to select(); a serve cut short
            // by its budget is finished before the loop sleeps too.
            registration.serviceAgain();
        }
    }

    /** @return true when the handshake is done and the channel still open */
    private boolean handshake() {
        int result = connection.doHandshake();
        if (result == 1) {
            state = State.OPEN;
            timers.handshakeDone();
            counters.increment(CounterCells.HANDSHAKES_DONE);
            try {
                handler.onHandshake(this);
            } catch (RuntimeException | Error failure) {
                handlerFailed("onHandshake", failure);
            }
            return state != State.CLOSED;
        }
        TlsError error = connection.getError(result);
        if (error == TlsError.WANT_READ || error == TlsError.WANT_WRITE) {
            handshakeWantsWrite = countWant(error);
        } else {
            failed(error);
        }
        return false;
    }

    private boolean writePass() {
        writeWantsRead = false;
        writeWantsWrite = false;
        if (connection.isCloseNotifySent()) {
            return false; // W11: nothing may follow our close_notify
        }
        boolean progress = false;
        for (int total = 0; total < WRITE_BUDGET; ) {
            if (keyUpdateDeferred && !sendQueue.hasPendingWrite()) {
                applyDeferredKeyUpdate();
            }
            ByteBuffer data = sendQueue.pendingWrite();
            if (data == null) {
                break;
            }
            int written = connection.write(data); // the same object until it completes (W3, W4)
            if (written > 0) {
                total += written;
                sendQueue.written(written);
                counters.add(CounterCells.BYTES_OUT, written);
                bytesOut += written;
                progress = true;
            } else if (!writeStalled(connection.getError(written))) {
                return true;
            } else {
                break;
            }
        }
        if (flushWanted && sendQueue.isEmpty()) {
            flush();
            if (state == State.CLOSED) {
                return true;
            }
        }
        if (progress) {
            timers.activity();
        }
        if (sendQueue.takeWritableSignal()) {
            progress = true;
            try {
                handler.onWritable(this);
            } catch (RuntimeException | Error failure) {
                handlerFailed("onWritable", failure);
            }
        }
        return progress;
    }

    /** W9: a zero-length {@code SSL_write} drives a handshake and flushes protocol output. */
    private void flush() {
        int result = connection.write(FLUSH);
        if (result == 0) {
            flushWanted = false; // 0 is success for a zero-length write (SYSCALL or ZERO_RETURN)
        } else {
            writeStalled(connection.getError(result));
        }
    }

    /** @return true when the write waits on WANT_READ / WANT_WRITE; false when the channel failed */
    private boolean writeStalled(TlsError error) {
        if (error == TlsError.WANT_READ || error == TlsError.WANT_WRITE) {
            boolean wantsWrite = countWant(error);
            writeWantsWrite = wantsWrite;
            writeWantsRead = !wantsWrite;
            return true;
        }
        failed(error);
        return false;
    }

    private boolean readPass() {
        readWantsWrite = false;
        if (readingPaused || peerClosed || (connection.isCloseNotifySent() && !closeNotifyFlushed)) {
            return false;
        }
        int total = 0;
        boolean progress = false;
        while (total < READ_BUDGET) {
            ByteBuffer buffer = resources.readBuffer();
            int count = connection.read(buffer);
            if (count > 0) {
                total += count;
                counters.add(CounterCells.BYTES_IN, count);
                bytesIn += count;
                deliver(buffer.flip());
                if (state == State.CLOSED || readingPaused) {
                    break;
                }
                continue;
            }
            TlsError error = connection.getError(count);
            if (error == TlsError.WANT_READ || error == TlsError.WANT_WRITE) {
                readWantsWrite = countWant(error); // a read that needs to write waits for OP_WRITE
            } else if (error == TlsError.ZERO_RETURN) {
                progress = true;
                peerClosed();
            } else {
                failed(error);
            }
            break;
        }
        if (total > 0) {
            timers.activity();
        }
        return progress || total > 0;
    }

    private void deliver(ByteBuffer data) {
        try {
            handler.onData(this, data);
        } catch (RuntimeException | Error failure) {
            handlerFailed("onData", failure);
        }
    }

    private void peerClosed() {
        peerClosed = true;
        try {
            handler.onPeerClosed(this);
        } catch (RuntimeException | Error failure) {
            handlerFailed("onPeerClosed", failure);
        }
    }

    /**
     * {@code SSL_shutdown} once everything queued is out (S1). Once our close_notify is on the wire,
     * the read pass goes on delivering what the peer still sends until its close_notify (as
     * {@code SSL_read} stays usable until ZERO_RETURN); only when the application paused reading,
     * or when close_notify had to wait for the socket, does {@code SSL_shutdown} read on and discard
     * it (S2).
     */
    private boolean closePass() {
        closeWantsWrite = false;
        if (closeNotifyFlushed && !readingPaused && !peerClosed) {
            return false;
        }
        if (!connection.isCloseNotifySent() && (!sendQueue.isEmpty() || flushWanted)) {
            return false; // what the application queued goes before close_notify
        }
        int result = connection.shutdown();
        if (result == 1) {
            finish(closeCause(), null);
            return true;
        }
        if (result == 0) {
            closeNotifyFlushed = true; // S1 done: now the peer's close_notify, through the read pass
            return true;
        }
        TlsError error = connection.getError(result);
        if (error == TlsError.WANT_READ || error == TlsError.WANT_WRITE) {
            closeWantsWrite = countWant(error);
            return false;
        }
        failed(error);
        return true;
    }

    /** @return true for WANT_WRITE, false for WANT_READ; counts either */
    private boolean countWant(TlsError error) {
        boolean wantsWrite = error == TlsError.WANT_WRITE;
        counters.increment(wantsWrite ? CounterCells.WANT_WRITES : CounterCells.WANT_READS);
        return wantsWrite;
    }

    /** Moves the connection's renegotiation and KeyUpdate counts to the loop's counters. */
    private boolean syncCounters() {
        int renegotiations = connection.renegotiations();
        int sent = connection.keyUpdatesSent();
        int received = connection.keyUpdatesReceived();
        if (renegotiations == seenRenegotiations && sent == seenKeyUpdatesSent && received == seenKeyUpdatesReceived) {
            return false;
        }
        // A renegotiation that completed in this read pass (the peer's Finished, and no data with it)
        // releases a write that got WANT_READ waiting for it (W10) earlier in this serve: another round.
        boolean renegotiated = renegotiations != seenRenegotiations;
        counters.add(CounterCells.RENEGOTIATIONS, renegotiations - seenRenegotiations);
        counters.add(CounterCells.KEY_UPDATES_SENT, sent - seenKeyUpdatesSent);
        boolean keyUpdateArrived = received != seenKeyUpdatesReceived;
        counters.add(CounterCells.KEY_UPDATES_RECEIVED, received - seenKeyUpdatesReceived);
        seenRenegotiations = renegotiations;
        seenKeyUpdatesSent = sent;
        seenKeyUpdatesReceived = received;
        if (keyUpdateArrived && !connection.isCloseNotifySent()) {
            // H4, RFC 8446 section 4.6.3: if the peer asked for our KeyUpdate, it goes out with our
            // next write; an application that is only reading would never send it without this.
            flushWanted = true;
            return true;
        }
        return renegotiated;
    }

    private void updateInterest() {
        int ops;
        if (state == State.HANDSHAKING) {
            ops = handshakeWantsWrite ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        } else {
            boolean closing = connection.isCloseNotifySent();
            boolean read = writeWantsRead || closing || (!readingPaused && !peerClosed);
            boolean write = writeWantsWrite || readWantsWrite || closeWantsWrite;
            ops = (read ? SelectionKey.OP_READ : 0) | (write ? SelectionKey.OP_WRITE : 0);
        }
        registration.interestOps(ops);
    }

    // ---- the end ----

    private void failed(TlsError error) {
        IOException cause = connection.lastException();
        CloseReason reason;
        if (error == TlsError.SYSCALL) {
            reason = CloseReason.PEER_RESET; // the transport's IOException: reset, broken pipe
        } else if (error == TlsError.SSL && connection.lastReason() == TlsReason.UNEXPECTED_EOF_WHILE_READING) {
            if (connection.isCloseNotifySent() && !connection.hasPendingOutput()) {
                // The peer closed the transport once it had our close_notify: said and done.
                finish(closeCause(), null);
                return;
            }
            reason = CloseReason.PEER_RESET; // R5: end of stream without close_notify, a truncation
        } else {
            reason = CloseReason.ERROR;
        }
        finish(reason, cause);
    }

    private void handlerFailed(String method, Throwable failure) {
        counters.increment(CounterCells.HANDLER_FAILURES);
        LOG.log(System.Logger.Level.WARNING, () -> this + ": " + method + " threw; closing this channel", failure);
        finish(CloseReason.ERROR, failure);
    }

    private CloseReason closeCause() {
        return closeCause != null ? closeCause : CloseReason.CLEAN;
    }

    /** Closes the socket and tells the handler, once. */
    private void finish(CloseReason reason, Throwable cause) {
        if (state == State.CLOSED) {
            return;
        }
        State previous = state;
        state = State.CLOSED;
        timers.cancelAll();
        sendQueue.clear();
        if (server != null) {
            server.forget(this);
        }
        if (registration != null) {
            registration.close(); // closes the socket; our closed() sees CLOSED and returns
        }
        if (previous != State.CONNECTING) {
            if (connection != null) {
                syncCounters();
            }
            counters.add(CounterCells.CONNECTIONS_OPEN, -1);
            if (previous == State.HANDSHAKING) {
                counters.increment(CounterCells.HANDSHAKES_FAILED);
            }
        }
        counters.closed(reason);
        if (ReactorEvents.closedEnabled()) {
            ReactorEvents.connectionClosed(connection == null ? 0 : connection.id(), String.valueOf(remoteAddress),
                    reason.name(), cause == null ? null : cause.toString(), bytesIn, bytesOut,
                    System.nanoTime() - createdNanos);
        }
        if (connection != null) {
            connection.free(); // SSL_free: buffers back to the pool, traffic secrets overwritten (SPEC L4)
        }
        buffers.abandon();
        LOG.log(System.Logger.Level.DEBUG, () -> this + " closed: " + reason + (cause == null ? "" : " (" + cause + ")"));
        try {
            handler.onClosed(this, reason, cause);
        } catch (RuntimeException | Error failure) {
            counters.increment(CounterCells.HANDLER_FAILURES);
            LOG.log(System.Logger.Level.WARNING, () -> this + ": onClosed threw", failure);
        }
    }

    void handshakeTimedOut() {
        if (state == State.HANDSHAKING) {
            finish(CloseReason.HANDSHAKE_TIMEOUT, null);
        }
    }

    void idleTimedOut() {
        if (state == State.OPEN) {
            closeCause = CloseReason.IDLE_TIMEOUT;
            close();
        }
    }

    void closeTimedOut() {
        finish(CloseReason.CLOSE_TIMEOUT, null);
    }

    // ---- TlsChannel: the application's side ----

    @Override
    public boolean send(ByteBuffer data) {
        requireLoop("send");
        if (resources.isReadBuffer(data)) {
            // The loop reuses it for the next record of any channel: queuing it would send garbage.
            throw new IllegalArgumentException("send() got the buffer of onData(): copy it first");
        }
        if (state == State.CLOSED || closeRequested) {
            return false;
        }
        boolean belowLimit = sendQueue.add(data);
        if (!belowLimit) {
            counters.increment(CounterCells.SEND_QUEUE_FULL);
        }
        kick();
        return belowLimit;
    }

    @Override
    public long queuedBytes() {
        return sendQueue.queuedBytes();
    }

    @Override
    public void pauseReading() {
        requireLoop("pauseReading");
        readingPaused = true;
        if (!serving && (state == State.OPEN || state == State.CLOSING)) {
            updateInterest();
        }
    }

    @Override
    public void resumeReading() {
        requireLoop("resumeReading");
        readingPaused = false;
        kick();
    }

    @Override
    public void close() {
        if (!loop.inEventLoop()) {
            try {
                loop.execute(this::close);
            } catch (RejectedExecutionException terminated) {
                // The loop has ended and closed every channel, this one included.
            }
            return;
        }
        if (state == State.CLOSED || closeRequested) {
            return;
        }
        closeRequested = true;
        if (state == State.HANDSHAKING) {
            finish(CloseReason.ABORTED, null); // no close_notify before the handshake (S3)
        } else if (state == State.OPEN) {
            state = State.CLOSING;
            timers.closeStarted();
            kick();
        }
        // CONNECTING: registered() sees closeRequested and aborts.
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED;
    }

    @Override
    public boolean renegotiate() {
        requireLoop("renegotiate");
        if (state != State.OPEN || connection.renegotiate() != 1) {
            return false;
        }
        flushWanted = true;
        kick();
        return true;
    }

    @Override
    public boolean keyUpdate(boolean requestPeerUpdate) {
        requireLoop("keyUpdate");
        if (state != State.OPEN) {
            return false;
        }
        if (!"TLSv1.3".equals(connection.protocol())) {
            return connection.keyUpdate(requestPeerUpdate) == 1; // refused with WRONG_SSL_VERSION
        }
        if (sendQueue.hasPendingWrite()) {
            // H4: SSL_key_update is refused while a write is pending; wait for it to complete instead.
            keyUpdateDeferred = true;
            keyUpdateRequestsPeer |= requestPeerUpdate;
            return true;
        }
        if (connection.keyUpdate(requestPeerUpdate) != 1) {
            return false;
        }
        flushWanted = true;
        kick();
        return true;
    }

    private void applyDeferredKeyUpdate() {
        keyUpdateDeferred = false;
        if (connection.keyUpdate(keyUpdateRequestsPeer) == 1) {
            flushWanted = true;
        }
        keyUpdateRequestsPeer = false;
    }

    /** Outside a serve, a request is picked up by a serve before the loop sleeps. */
    private void kick() {
        if (!serving && (state == State.OPEN || state == State.CLOSING)) {
            registration.serviceAgain();
        }
    }

    private void requireLoop(String method) {
        if (!loop.inEventLoop()) {
            throw new IllegalStateException(method + "() must be called on " + loop.name()
                    + "'s thread; wrap it in channel.loop().execute(...)");
        }
    }

    @Override
    public TlsConnection connection() {
        return connection;
    }

    @Override
    public EventLoop loop() {
        return loop;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public long id() {
        return id;
    }

    /** Pooled buffers this channel's connection holds now (tests: an idle channel holds none). */
    int heldBuffers() {
        return buffers.held();
    }

    State state() {
        return state;
    }

    @Override
    public String toString() {
        return "TlsChannel#" + id + "[" + (client ? "client " : "server ") + state + ", " + remoteAddress + "]";
    }
}
