package dev.niotls.tls.interop;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.loop.ChannelDriver;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A small single-threaded {@link Selector} loop that owns one {@link TlsConnection} on a non-blocking
 * {@code SocketBio} and serves it with the project's {@link ChannelDriver} (SPEC section 7: the identical
 * pending buffer, interest from the WANTs, {@code hasPending()} served again). Every wait is bounded by
 * a deadline; any failure fails the test with the connection's reason and exception.
 */
final class SelectorDriver implements AutoCloseable, ChannelDriver.Endpoint {
    private static final Source NOTHING = () -> null;

    private final String name;
    private final TlsConnection connection;
    private final ChannelDriver driver;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(16384);
    private final Progress progress = new Progress();
    private Supplier<String> peerDescription = () -> "";
    private Source source = NOTHING;
    private Consumer<ByteBuffer> sink;
    /** The buffer the driver writes: kept until it has no bytes left (the identical object, W3). */
    private ByteBuffer current;
    private AssertionError failure;
    private long received;

    SelectorDriver(String name, TlsConnection connection, SocketChannel channel) throws IOException {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the selector loop needs a non-blocking channel");
        }
        this.name = name;
        this.connection = connection;
        this.driver = new ChannelDriver(connection, this);
        this.selector = Selector.open();
        this.key = channel.register(selector, SelectionKey.OP_READ);
    }

    /** What to add to a failure message about the peer (an openssl process's output, say). */
    SelectorDriver describePeer(Supplier<String> description) {
        this.peerDescription = description;
        return this;
    }

    TlsConnection connection() {
        return connection;
    }

    /** What this loop has seen, for threads that feed the peer (updated after every step). */
    Progress progress() {
        return progress;
    }

    boolean peerClosed() {
        return driver.isPeerClosed();
    }

    /** {@code doHandshake} until it returns 1 (SPEC H1). */
    void handshake(long deadlineNanos) throws IOException {
        while (driver.phase() == ChannelDriver.Phase.HANDSHAKING) {
            if (!driver.handshakePass()) {
                await(deadlineNanos, "doHandshake");
            }
        }
        throwIfFailed();
    }

    /**
     * Serves the connection until {@code done} holds: buffers from {@code source} are written one at a
     * time (a null means nothing to write now), everything read goes to {@code sink}. Protocol output
     * such as a KeyUpdate reply is flushed by the driver (SPEC W9, H4).
     */
    void run(Source source, Consumer<ByteBuffer> sink, BooleanSupplier done, long deadlineNanos) throws IOException {
        this.source = source;
        this.sink = sink;
        try {
            while (!done.getAsBoolean()) {
                checkDeadline(deadlineNanos, "run");
                boolean again = driver.serve();
                throwIfFailed();
                progress.publish(received, connection);
                if (!again && !done.getAsBoolean()) {
                    await(deadlineNanos, "run");
                }
            }
        } finally {
            this.source = NOTHING;
            progress.publish(received, connection);
        }
    }

    /**
     * The driver's close pass until {@code SSL_shutdown} returned 1 (both close_notify exchanged), or
     * only until our close_notify is out when {@code untilBoth} is false; with reading paused, so that
     * the second {@code shutdown()} reads on to the peer's close_notify (S2). Returns the first
     * successful call's result (0: the peer's close_notify had not come yet; 1: it had).
     */
    int shutdown(boolean untilBoth, long deadlineNanos) throws IOException {
        driver.close();
        driver.pauseReading();
        int first = -1;
        while (driver.phase() != ChannelDriver.Phase.DONE) {
            driver.writePass(); // protocol output due (a KeyUpdate reply) goes before close_notify
            throwIfFailed();
            if (driver.closePass()) {
                if (first < 0) {
                    first = driver.phase() == ChannelDriver.Phase.DONE ? 1 : 0;
                }
                if (!untilBoth) {
                    break;
                }
            } else {
                await(deadlineNanos, "shutdown");
            }
            throwIfFailed();
        }
        throwIfFailed();
        return first;
    }

    /** Reads until ZERO_RETURN (the peer's close_notify), expecting no more data. */
    void awaitPeerClose(long deadlineNanos) throws IOException {
        run(NOTHING, buffer -> {
            throw new AssertionError(name + ": unexpected data after the stream");
        }, driver::isPeerClosed, deadlineNanos);
    }

    /**
     * Repeats {@code call} while it returns WANT_READ/WANT_WRITE (waiting on the selector in between);
     * returns its first other result. For the bad-input tests, which expect an error.
     */
    int callUntilDone(IntSupplier call, long deadlineNanos) throws IOException {
        for (;;) {
            int result = call.getAsInt();
            TlsError error = connection.getError(result);
            if (result > 0 || (error != TlsError.WANT_READ && error != TlsError.WANT_WRITE)) {
                return result;
            }
            key.interestOps(error == TlsError.WANT_WRITE ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
            select(deadlineNanos);
        }
    }

    /** Waits on the selector for what the driver's passes wait on (their WANTs). */
    private void await(long deadlineNanos, String call) throws IOException {
        throwIfFailed();
        key.interestOps(driver.interestOps());
        select(deadlineNanos);
    }

    private void throwIfFailed() {
        if (failure != null) {
            throw failure;
        }
    }

    private void select(long deadlineNanos) throws IOException {
        checkDeadline(deadlineNanos, "select");
        long leftMillis = Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000);
        selector.select(Math.min(leftMillis, 200));
        selector.selectedKeys().clear();
    }

    private void checkDeadline(long deadlineNanos, String where) {
        if (System.nanoTime() - deadlineNanos > 0) {
            throw new AssertionError(name + ": deadline passed in " + where + "; received " + received + ", "
                    + connection + ", renegotiations " + connection.renegotiations() + ", KeyUpdates received "
                    + connection.keyUpdatesReceived() + ", sent " + connection.keyUpdatesSent() + "\n"
                    + peerDescription.get());
        }
    }

    private AssertionError failure(String call, TlsError error) {
        AssertionError failure = new AssertionError(name + ": " + call + " failed: "
                + error + ", reason " + connection.lastReason() + ", " + connection + "\n"
                + peerDescription.get());
        if (connection.lastException() != null) {
            failure.initCause(connection.lastException());
        }
        return failure;
    }

    // ---- the driver's plaintext side ----

    @Override
    public ByteBuffer pendingWrite() {
        if (current == null || !current.hasRemaining()) {
            current = source.next();
        }
        return current;
    }

    @Override
    public void written(int count) {
        source.written(count);
    }

    @Override
    public ByteBuffer readBuffer() {
        return readBuffer.clear();
    }

    @Override
    public void received(ByteBuffer data) {
        received += data.remaining();
        sink.accept(data);
    }

    @Override
    public void closed() {
        // SSL_shutdown returned 1: shutdown() sees the driver DONE.
    }

    @Override
    public void failed(String call, TlsError error) {
        failure = failure(call, error);
    }

    @Override
    public void close() throws IOException {
        selector.close();
    }

    /** What the loop writes: the next buffer (kept by the loop until fully written), or null for none now. */
    interface Source {
        ByteBuffer next();

        /** {@code count} bytes of the current buffer were written. */
        default void written(int count) {
        }
    }
}
