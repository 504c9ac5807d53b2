package dev.niotls.tls.testing;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import java.nio.ByteBuffer;

/**
 * Drives one {@link TlsConnection} over a blocking BIO (a blocking {@code SocketBio}), in the calling
 * thread: the peer runs in another thread. Checks SPEC W2/W7 for blocking BIOs (a write returns only
 * when all of it is written) and, when AUTO_RETRY is cleared, W13/R3 (a WANT_READ, then the
 * identical call is repeated), counting those WANT_READs.
 */
public final class BlockingPeer {
    private final String name;
    private final TlsConnection connection;
    private long wantReads;
    private boolean wantReadAllowed;
    private long atSentOffset = -1;
    private Runnable atSentAction;

    public BlockingPeer(String name, TlsConnection connection) {
        this.name = name;
        this.connection = connection;
    }

    /** {@code doHandshake} until 1; WANT_READ tolerated (and counted) only as W13 allows. */
    public BlockingPeer handshake() {
        int result;
        while ((result = connection.doHandshake()) != 1) {
            expectWantRead("doHandshake", result);
        }
        return this;
    }

    /** Writes {@code total} bytes of the stream of {@code seed}, {@code writeSize} per call. */
    public BlockingPeer send(long seed, long total, int writeSize) {
        SeededStream stream = new SeededStream(seed);
        ByteBuffer src = ByteBuffer.allocate(writeSize);
        while (stream.position() < total) {
            if (atSentAction != null && stream.position() >= atSentOffset) {
                Runnable action = atSentAction;
                atSentAction = null;
                action.run();
            }
            src.clear();
            stream.fill(src, (int) Math.min(writeSize, total - stream.position()));
            src.flip();
            int remaining = src.remaining();
            int result;
            while ((result = connection.write(src)) <= 0) {
                expectWantRead("write", result); // W13: repeat the identical call
            }
            if (result != remaining || src.hasRemaining()) {
                throw new AssertionError(name + ": W2/W7: a blocking write returned " + result + " of " + remaining);
            }
        }
        return this;
    }

    /** Reads and verifies {@code total} bytes of the stream of {@code seed}. */
    public StreamVerifier receive(long seed, long total, int readSize) {
        StreamVerifier verifier = new StreamVerifier(seed);
        ByteBuffer dst = ByteBuffer.allocate(readSize);
        while (verifier.received() < total) {
            dst.clear();
            int result = connection.read(dst);
            if (result > 0) {
                if (verifier.received() + result > total) {
                    throw new AssertionError(name + ": more data than the stream holds");
                }
                verifier.acceptWritten(dst, 0);
            } else {
                expectWantRead("read", result);
            }
        }
        verifier.assertComplete(total);
        return verifier;
    }

    /** Runs {@code action} once, before the first write at or after stream offset {@code offset}. */
    public BlockingPeer atSent(long offset, Runnable action) {
        this.atSentOffset = offset;
        this.atSentAction = action;
        return this;
    }

    /**
     * Whether a WANT_READ may interrupt a blocking call (only with AUTO_RETRY cleared: R3, W13); by
     * default any WANT_READ fails the test, since with AUTO_RETRY a blocking call simply completes.
     */
    public BlockingPeer allowWantRead(boolean allowed) {
        this.wantReadAllowed = allowed;
        return this;
    }

    /** WANT_READs seen (only possible with AUTO_RETRY cleared: R3, W13). */
    public long wantReads() {
        return wantReads;
    }

    public TlsConnection connection() {
        return connection;
    }

    private void expectWantRead(String call, int result) {
        TlsError error = connection.getError(result);
        if (error != TlsError.WANT_READ || !wantReadAllowed) {
            AssertionError failure = new AssertionError(name + ": blocking " + call + " returned " + result + " / "
                    + error + ", reason " + connection.lastReason());
            if (connection.lastException() != null) {
                failure.initCause(connection.lastException());
            }
            throw failure;
        }
        wantReads++;
    }
}
