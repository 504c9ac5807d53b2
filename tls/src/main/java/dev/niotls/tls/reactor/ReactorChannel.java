package dev.niotls.tls.reactor;

import dev.niotls.reactor.ChannelHandler;
import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.Registration;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.loop.ChannelDriver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TlsConnection} over a non-blocking {@link SocketBio}, served by one event loop: a
 * {@link ChannelDriver} (the retry loop of SPEC section 7) under the loop, and the {@link TlsChannel}
 * its {@link TlsHandler} talks to. Each time the loop calls {@link #ready}, the driver serves the
 * connection (handshake, write, read and close passes); the channel then sets the interest the driver
 * derives from its WANTs, and asks to be served again before the loop sleeps when the driver says so
 * ({@link Registration#serviceAgain()}: records already decrypted are invisible to {@code select()}).
 *
 * <h2>States</h2>
 * <pre>
 * CONNECTING --TCP connected--> HANDSHAKING --Finished--> OPEN --close()/idle/peer close_notify--> CLOSING
 *   any --finish(reason)--> CLOSED (socket closed, onClosed called once)
 * </pre>
 * HANDSHAKING ends in CLOSED on a timeout, a failure or {@code close()} (no close_notify exists yet);
 * a {@code close()} while CONNECTING moves to CLOSING, and the channel aborts once registered.
 * CLOSING sends what is queued, then close_notify, then waits for the peer's close_notify or end of
 * stream (unless {@code awaitPeerCloseNotify} is off), all within the close timeout.
 *
 * <h2>Memory</h2>
 * Each field counts (15,000 idle connections are a benchmark scenario): the channel is the driver's endpoint
 * itself, its counts a superclass ({@link ChannelCounts}), the loop's resources are in the loop's slot, whether
 * a serve runs is the driver's to say, and what only a client's late {@link #attach} needs is passed to it.
 */
final class ReactorChannel extends ChannelCounts implements TlsChannel, ChannelHandler, ChannelDriver.Endpoint {
    private static final System.Logger LOG = System.getLogger(ReactorChannel.class.getName());
    private static final AtomicLong IDS = new AtomicLong();

    /** Where the channel is in its life; see the class Javadoc for the transitions. */
    enum State {
        /** A client whose TCP connect is in flight: no socket, no TLS connection yet. */
        CONNECTING,
        /** The first handshake runs; the handshake timer is armed. */
        HANDSHAKING,
        /** Application data flows both ways (renegotiations and key updates happen underneath). */
        OPEN,
        /**
         * A graceful close runs: queued data, close_notify, the peer's answer; the close timer is armed.
         * Entered from CONNECTING too, when the application closes before the TCP connect completed.
         */
        CLOSING,
        /** Socket closed, {@link TlsHandler#onClosed} called. Terminal. */
        CLOSED
    }

    private final long id = IDS.incrementAndGet();
    private final EventLoop loop;
    private final TlsHandler handler;
    private final ConnectionBuffers buffers;
    private final SendQueue sendQueue;
    private final ChannelTimers timers;
    /** The server that accepted this channel (it closes its channels on close()); null for a client. */
    private final TlsServer server;
    private final InetSocketAddress remoteAddress;
    private TlsConnection connection;
    private final ChannelDriver driver = new ChannelDriver(this);
    private Registration registration;
    /** Volatile only for {@link #isOpen()} from other threads; written on the loop. */
    private volatile State state;
    /** What made the channel close when it was not the application or the peer (IDLE_TIMEOUT). */
    private CloseReason closeCause;

    private ReactorChannel(EventLoop loop, ChannelSettings settings, TlsHandler handler, TlsServer server,
            InetSocketAddress remoteAddress) {
        this.loop = loop;
        this.handler = handler;
        this.server = server;
        this.remoteAddress = remoteAddress;
        this.buffers = new ConnectionBuffers(LoopResources.of(loop).pool());
        this.sendQueue = new SendQueue(settings);
        this.timers = new ChannelTimers(settings, this);
        this.state = State.CONNECTING;
    }

    /** A server channel for a freshly accepted socket, on its loop's thread. */
    static ReactorChannel accepted(SocketChannel socket, EventLoop loop, TlsContext context,
            ChannelSettings settings, TlsHandler handler, TlsServer server) throws IOException {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteAddress();
        ReactorChannel channel = new ReactorChannel(loop, settings, handler, Objects.requireNonNull(server), remote);
        channel.attach(socket, context, null);
        return channel;
    }

    /** A client channel whose TCP connect is about to start. */
    static ReactorChannel connecting(EventLoop loop, InetSocketAddress remote, ChannelSettings settings,
            TlsHandler handler) {
        return new ReactorChannel(loop, settings, handler, null, remote);
    }

    /**
     * The socket exists: make the TLS connection over it, with buffers from the loop's pool.
     *
     * @param serverName a client's SNI name, or null for the context's (and on a server)
     */
    void attach(SocketChannel socket, TlsContext context, String serverName) throws IOException {
        // TLS records are whole messages: Nagle would hold a handshake flight or a short response.
        socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
        connection = context.newConnection(SocketBio.skippingEmptyReads(socket)); // ready() says when readable
        connection.setBufferAllocator(buffers);
        // The pool only pays off if idle connections give their buffers back (SSL_MODE_RELEASE_BUFFERS).
        connection.setMode(TlsMode.RELEASE_BUFFERS);
        driver.attach(connection);
        if (isClient()) {
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
        boolean closeRequested = state == State.CLOSING; // close() while CONNECTING
        state = State.HANDSHAKING;
        counters().increment(CounterCells.CONNECTIONS_OPEN);
        timers.handshakeStarted();
        if (closeRequested || (server != null && !server.track(this))) {
            finish(CloseReason.ABORTED, null); // or accepted just before the server closed
        } else if (isClient()) {
            ready(value, 0); // the ClientHello goes now, not when the socket turns readable
        }
    }

    @Override
    public void ready(Registration value, int readyOps) {
        if (state == State.CLOSED) {
            return;
        }
        boolean again = false;
        try {
            if ((readyOps & SelectionKey.OP_READ) != 0) {
                ((SocketBio) connection.bio()).readable();
            }
            again = driver.serve();
            syncCounters(connection);
        } catch (RuntimeException | Error bug) {
            LOG.log(System.Logger.Level.ERROR, () -> this + ": unexpected failure; closing", bug);
            finish(CloseReason.ERROR, bug);
        }
        if (state != State.CLOSED) {
            registration.interestOps(driver.interestOps());
            if (again) {
                registration.serviceAgain();
            }
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

    // ---- ChannelDriver.Endpoint: the retry loop's plaintext side (send queue, loop's read buffer, handler) ----
    @Override
    public ByteBuffer pendingWrite() {
        return sendQueue.pendingWrite();
    }

    @Override
    public void written(int count) {
        sendQueue.written(count);
        countOut(count);
    }

    @Override
    public boolean writePassDone(boolean wrote) {
        if (wrote) {
            timers.activity();
        }
        if (!sendQueue.takeWritableSignal()) {
            return false;
        }
        try {
            handler.onWritable(this);
        } catch (RuntimeException | Error failure) {
            handlerFailed("onWritable", failure);
        }
        return true;
    }

    @Override
    public ByteBuffer readBuffer() {
        return resources().readBuffer();
    }

    @Override
    public void received(ByteBuffer data) {
        countIn(data.remaining());
        timers.activity();
        try {
            handler.onData(this, data);
        } catch (RuntimeException | Error failure) {
            handlerFailed("onData", failure);
        }
    }

    @Override
    public void handshakeDone() {
        state = State.OPEN;
        timers.handshakeDone();
        counters().increment(CounterCells.HANDSHAKES_DONE);
        try {
            handler.onHandshake(this);
        } catch (RuntimeException | Error failure) {
            handlerFailed("onHandshake", failure);
        }
    }

    @Override
    public void endOfStream() {
        try {
            handler.onPeerClosed(this);
        } catch (RuntimeException | Error failure) {
            handlerFailed("onPeerClosed", failure);
        }
    }

    @Override
    public void waiting(ChannelDriver.Want want) {
        counters().increment(want == ChannelDriver.Want.WRITE ? CounterCells.WANT_WRITES : CounterCells.WANT_READS);
    }

    @Override
    public void closeNotifySent() {
        if (!timers.awaitPeerClose()) {
            finish(closeCause(), null); // one SSL_shutdown, then close(), as nginx (awaitPeerCloseNotify)
        }
    }

    @Override
    public void closed() {
        finish(closeCause(), null);
    }

    @Override
    public void failed(String call, TlsError error) {
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

    // ---- the end ----

    private void handlerFailed(String method, Throwable failure) {
        counters().increment(CounterCells.HANDLER_FAILURES);
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
        driver.abandon();
        boolean registered = registration != null; // registered() counted the channel open
        countClosed(connection, registered, previous == State.HANDSHAKING, remoteAddress, reason, cause);
        if (connection != null) {
            connection.free(); // SSL_free: buffers back to the pool, traffic secrets overwritten (SPEC L4)
        }
        buffers.abandon();
        LOG.log(System.Logger.Level.DEBUG, () -> this + " closed: " + reason + (cause == null ? "" : " (" + cause + ")"));
        try {
            handler.onClosed(this, reason, cause);
        } catch (RuntimeException | Error failure) {
            counters().increment(CounterCells.HANDLER_FAILURES);
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
        if (resources().isReadBuffer(data)) {
            // The loop reuses it for the next record of any channel: queuing it would send garbage.
            throw new IllegalArgumentException("send() got the buffer of onData(): copy it first");
        }
        if (state == State.CLOSED || state == State.CLOSING) {
            return false;
        }
        boolean belowLimit = sendQueue.add(data);
        if (!belowLimit) {
            counters().increment(CounterCells.SEND_QUEUE_FULL);
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
        driver.pauseReading();
        if (!driver.isServing() && registration != null && (state == State.OPEN || state == State.CLOSING)) {
            registration.interestOps(driver.interestOps());
        }
    }

    @Override
    public void resumeReading() {
        requireLoop("resumeReading");
        driver.resumeReading();
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
        if (state == State.HANDSHAKING) {
            finish(CloseReason.ABORTED, null); // no close_notify before the handshake (S3)
        } else if (state == State.OPEN) {
            state = State.CLOSING;
            driver.close();
            timers.closeStarted();
            kick();
        } else if (state == State.CONNECTING) {
            state = State.CLOSING; // registered() sees it and aborts
        }
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED;
    }

    @Override
    public boolean renegotiate() {
        requireLoop("renegotiate");
        return state == State.OPEN && kickIf(driver.renegotiate());
    }

    @Override
    public boolean keyUpdate(boolean requestPeerUpdate) {
        requireLoop("keyUpdate");
        return state == State.OPEN && kickIf(driver.keyUpdate(requestPeerUpdate));
    }

    private boolean kickIf(boolean scheduled) {
        if (scheduled) {
            kick();
        }
        return scheduled;
    }

    /** Outside a serve, a request is picked up by a serve before the loop sleeps. */
    private void kick() {
        if (!driver.isServing() && registration != null && (state == State.OPEN || state == State.CLOSING)) {
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

    private boolean isClient() {
        return server == null;
    }

    @Override
    CounterCells counters() {
        return resources().counters();
    }

    /** The loop's slot: a lookup in the loop's array, not a field every idle channel would carry. */
    private LoopResources resources() {
        return LoopResources.of(loop);
    }

    @Override
    public String toString() {
        return "TlsChannel#" + id + "[" + (isClient() ? "client " : "server ") + state + ", " + remoteAddress + "]";
    }
}
