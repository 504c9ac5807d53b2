package dev.niotls.bench.niotls;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.loop.ChannelDriver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * One connection on a {@link SelectorLoop}, served by the project's {@link ChannelDriver} (SPEC section 7):
 * the identical pending buffer retried until it completes, interest derived from the WANTs, reads until
 * WANT_READ, a session with buffered records served again before the loop sleeps, KeyUpdates and
 * renegotiations handled underneath, and the two-phase close. Over TLS ({@link TlsConnection}) or over
 * the bare socket ({@link PlainLink}, the plain-TCP ceiling).
 */
public final class Session implements ChannelDriver.Endpoint {
    private final SelectorLoop loop;
    private final SocketChannel channel;
    private final TlsConnection connection;
    private final PlainLink plain;
    private final ChannelDriver driver;
    private final SessionHandler handler;
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(4);
    private SelectionKey key;
    /** The buffer the driver writes: kept until it has no bytes left (the identical object, W3). */
    private ByteBuffer pendingWrite;
    /** Inside {@link #serve}: a send is picked up by the running write pass. */
    private boolean serving;
    private boolean closed;
    private Object attachment;

    /** @param connection the TLS connection over {@code channel}, or null for plain TCP */
    Session(SelectorLoop loop, SocketChannel channel, TlsConnection connection, SessionHandler handler) {
        this.loop = loop;
        this.channel = channel;
        this.connection = connection;
        this.plain = connection == null ? new PlainLink(channel) : null;
        this.driver = new ChannelDriver(connection == null ? plain : connection, this);
        this.handler = handler;
    }

    void register(SelectionKey key) {
        this.key = key;
    }

    /** Whatever the service wants to keep per session. */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    public boolean isOpen() {
        return driver.phase() == ChannelDriver.Phase.OPEN;
    }

    /** The negotiated protocol and cipher suite. */
    public String describe() {
        return connection == null ? "plain TCP" : connection.protocol() + " " + connection.cipherSuite();
    }

    /** Queues {@code buffer} (which must not change until it is written) and writes what the socket takes. */
    public void send(ByteBuffer buffer) {
        if (!isOpen()) {
            return;
        }
        queue.add(buffer);
        if (!serving) {
            driver.writePass();
            interest();
        }
    }

    /** Sends close_notify once everything queued is out, then waits for the peer's. */
    public void close() {
        if (driver.phase() == ChannelDriver.Phase.HANDSHAKING) {
            abort(null);
        } else if (driver.close() && !serving) {
            serve();
        }
    }

    /** Called by the loop when the key is ready, or to serve buffered records again. */
    void serve() {
        serving = true;
        boolean again;
        try {
            again = driver.serve();
        } finally {
            serving = false;
        }
        interest();
        if (again) {
            loop.serveAgain(this);
        }
    }

    private void interest() {
        int ops = driver.interestOps();
        if (!closed && key != null && key.isValid() && key.interestOps() != ops) {
            key.interestOps(ops);
        }
    }

    /** Closes the socket now. */
    void abort(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        driver.abandon();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a socket that failed: nothing more to learn from a second error.
        }
        loop.sessionClosed();
        handler.closed(this, reason);
    }

    // ---- the driver's plaintext side ----

    @Override
    public ByteBuffer pendingWrite() {
        if (pendingWrite == null || !pendingWrite.hasRemaining()) {
            pendingWrite = queue.poll();
        }
        return pendingWrite;
    }

    @Override
    public void written(int count) {
        // The driver keeps offering pendingWrite until it has no bytes left.
    }

    @Override
    public ByteBuffer readBuffer() {
        return loop.readBuffer().clear();
    }

    @Override
    public void received(ByteBuffer data) {
        handler.received(this, data);
    }

    @Override
    public void handshakeDone() {
        handler.opened(this);
    }

    @Override
    public void endOfStream() {
        driver.close(); // answer the peer's close_notify with ours
    }

    @Override
    public void closed() {
        abort(null);
    }

    @Override
    public void failed(String call, TlsError error) {
        String detail = connection == null ? plain.failure()
                : connection.lastReason() + (connection.lastException() == null ? "" : ": " + connection.lastException().getMessage());
        abort(call + ": " + error + " " + detail);
    }
}
