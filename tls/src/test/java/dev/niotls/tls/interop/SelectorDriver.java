package dev.niotls.tls.interop;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
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
 * {@code SocketBio}, shaped as SPEC section 7 says a reactor must be: at most one pending write, and it
 * is <b>the identical ByteBuffer object</b> that got WANT_READ/WANT_WRITE, resubmitted untouched until
 * it completes; interest OP_READ on WANT_READ, OP_WRITE on WANT_WRITE; reads until WANT_READ; a
 * connection with {@link TlsConnection#hasPending()} is served again before the loop blocks in
 * {@code select()}. Every wait is bounded by a deadline; any other result fails the test with the
 * connection's reason and exception.
 */
final class SelectorDriver implements AutoCloseable {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Reads per round before the loop gives the write side a turn. */
    private static final int READS_PER_ROUND = 32;

    private final String name;
    private final TlsConnection connection;
    private final Selector selector;
    private final SelectionKey key;
    private final ByteBuffer readBuffer = ByteBuffer.allocate(16384);
    private final Progress progress = new Progress();
    private ByteBuffer pendingWrite;
    private Supplier<String> peerDescription = () -> "";
    private long received;
    private boolean peerClosed;

    SelectorDriver(String name, TlsConnection connection, SocketChannel channel) throws IOException {
        if (channel.isBlocking()) {
            throw new IllegalArgumentException("the selector loop needs a non-blocking channel");
        }
        this.name = name;
        this.connection = connection;
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
        return peerClosed;
    }

    /** {@code doHandshake} until it returns 1 (SPEC H1). */
    void handshake(long deadlineNanos) throws IOException {
        int result;
        while ((result = connection.doHandshake()) != 1) {
            awaitFor(result, "doHandshake", deadlineNanos);
        }
    }

    /**
     * Runs the loop until {@code done} holds: buffers from {@code source} are written one at a time
     * (a null means nothing to write now), everything read goes to {@code sink}. When nothing is left
     * to write, a zero-length write flushes protocol output such as a KeyUpdate reply (SPEC W9, H4).
     */
    void run(Source source, Consumer<ByteBuffer> sink, BooleanSupplier done, long deadlineNanos) throws IOException {
        while (!done.getAsBoolean()) {
            checkDeadline(deadlineNanos, "run");
            boolean progressMade = false;
            boolean wantWrite = false;
            if (pendingWrite == null) {
                pendingWrite = source.next();
            }
            if (pendingWrite != null) {
                int result = connection.write(pendingWrite); // the identical object after a WANT_* (SPEC 7)
                if (result > 0) {
                    source.written(result);
                    pendingWrite = pendingWrite.hasRemaining() ? pendingWrite : null;
                    progressMade = true;
                } else {
                    wantWrite = expectWant(result, "write") == TlsError.WANT_WRITE;
                }
            } else if (!peerClosed && !connection.isCloseNotifySent()) {
                int result = connection.write(EMPTY);
                TlsError error = connection.getError(result);
                if (result < 0 && error == TlsError.WANT_WRITE) {
                    wantWrite = true;
                } else if (result < 0 && error != TlsError.WANT_READ) {
                    throw failure("zero-length write", result);
                }
            }
            for (int i = 0; i < READS_PER_ROUND && !peerClosed; i++) {
                readBuffer.clear();
                int result = connection.read(readBuffer);
                if (result > 0) {
                    readBuffer.flip();
                    received += result;
                    sink.accept(readBuffer);
                    progressMade = true;
                    continue;
                }
                TlsError error = connection.getError(result);
                if (error == TlsError.ZERO_RETURN) {
                    peerClosed = true;
                    progressMade = true;
                } else {
                    wantWrite |= expectWant(result, "read") == TlsError.WANT_WRITE;
                }
                break;
            }
            progress.publish(received, connection);
            if (!progressMade && !connection.hasPending()) {
                key.interestOps(SelectionKey.OP_READ | (wantWrite ? SelectionKey.OP_WRITE : 0));
                select(deadlineNanos);
            }
        }
        progress.publish(received, connection);
    }

    /**
     * {@code shutdown()} until it returns 1 (both close_notify exchanged), or only the first call
     * when {@code untilBoth} is false. Returns the first call's result (0: the peer's close_notify
     * had not come yet; 1: it had).
     */
    int shutdown(boolean untilBoth, long deadlineNanos) throws IOException {
        int first = Integer.MIN_VALUE;
        for (;;) {
            int result = connection.shutdown();
            if (result >= 0 && first == Integer.MIN_VALUE) {
                first = result;
            }
            if (result == 1 || (result == 0 && !untilBoth)) {
                return first;
            }
            if (result < 0) {
                awaitFor(result, "shutdown", deadlineNanos);
            }
        }
    }

    /** Reads until ZERO_RETURN (the peer's close_notify), expecting no more data. */
    void awaitPeerClose(long deadlineNanos) throws IOException {
        run(() -> null, buffer -> {
            throw new AssertionError(name + ": unexpected data after the stream");
        }, () -> peerClosed, deadlineNanos);
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

    private void awaitFor(int result, String call, long deadlineNanos) throws IOException {
        TlsError error = expectWant(result, call);
        key.interestOps(error == TlsError.WANT_WRITE ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        select(deadlineNanos);
    }

    private TlsError expectWant(int result, String call) {
        TlsError error = connection.getError(result);
        if (error != TlsError.WANT_READ && error != TlsError.WANT_WRITE) {
            throw failure(call, result);
        }
        return error;
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

    AssertionError failure(String call, int result) {
        AssertionError failure = new AssertionError(name + ": " + call + " returned " + result + " / "
                + connection.getError(result) + ", reason " + connection.lastReason() + ", " + connection + "\n"
                + peerDescription.get());
        if (connection.lastException() != null) {
            failure.initCause(connection.lastException());
        }
        return failure;
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
