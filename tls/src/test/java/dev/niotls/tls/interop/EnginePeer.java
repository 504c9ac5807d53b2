package dev.niotls.tls.interop;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * The JDK's {@link SSLEngine} driven over a {@link Bio} (one end of a {@code BioPair}), one non-blocking
 * step at a time, so that a single test thread can run it against a niotls connection on the other end:
 * wrap what it must send (handshake, the seeded stream, close_notify) into the BIO, unwrap what the BIO
 * has, run delegated tasks, verify the stream it receives.
 */
final class EnginePeer {
    private final SSLEngine engine;
    private final Bio bio;
    private final ByteBuffer netIn;
    private final ByteBuffer netOut;
    private final ByteBuffer appIn;
    private final ByteBuffer appOut = ByteBuffer.allocate(16384);
    private SeededStream outgoing;
    private long outgoingTotal;
    private long sent;
    private StreamVerifier incoming;
    private long atSent = -1;
    private Runnable atSentAction;
    private boolean inboundDone;

    EnginePeer(SSLEngine engine, Bio bio) {
        this.engine = engine;
        this.bio = bio;
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet * 2);
        this.netOut = ByteBuffer.allocate(packet * 2);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize() * 2);
        appOut.flip();
    }

    SSLEngine engine() {
        return engine;
    }

    /** Sends {@code total} bytes of the stream of {@code seed}. */
    EnginePeer send(long seed, long total) {
        outgoing = new SeededStream(seed);
        outgoingTotal = total;
        return this;
    }

    /** Runs {@code action} (e.g. {@code engine.beginHandshake()}) once {@code offset} bytes are sent. */
    EnginePeer atSent(long offset, Runnable action) {
        atSent = offset;
        atSentAction = action;
        return this;
    }

    /** Expects the stream of {@code seed}. */
    EnginePeer receive(long seed) {
        incoming = new StreamVerifier(seed);
        return this;
    }

    long received() {
        return incoming == null ? 0 : incoming.received();
    }

    void assertReceived(long total) {
        incoming.assertComplete(total);
    }

    /** Whether the peer's close_notify was unwrapped. */
    boolean inboundDone() {
        return inboundDone;
    }

    /** One round of work; returns whether anything moved. */
    boolean step() throws IOException {
        boolean progress = runTasks();
        progress |= wrap();
        progress |= flush();
        progress |= unwrap();
        return progress;
    }

    private boolean runTasks() {
        boolean ran = false;
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
            ran = true;
        }
        return ran;
    }

    private boolean wrap() throws SSLException {
        if (atSentAction != null && sent >= atSent && !appOut.hasRemaining()) {
            Runnable action = atSentAction;
            atSentAction = null;
            action.run();
        }
        long limit = atSentAction != null ? Math.min(outgoingTotal, atSent) : outgoingTotal;
        if (!appOut.hasRemaining() && outgoing != null && sent < limit) {
            appOut.clear();
            int count = (int) Math.min(appOut.capacity(), limit - sent);
            outgoing.fill(appOut, count);
            appOut.flip();
            sent += count;
        }
        boolean progress = false;
        for (int i = 0; i < 8; i++) {
            SSLEngineResult result = engine.wrap(appOut, netOut);
            progress |= result.bytesProduced() > 0 || result.bytesConsumed() > 0;
            if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesProduced() == 0) {
                break;
            }
        }
        return progress;
    }

    private boolean flush() throws IOException {
        netOut.flip();
        int written = netOut.hasRemaining() ? bio.write(netOut) : 0;
        netOut.compact();
        return written > 0;
    }

    private boolean unwrap() throws IOException {
        int read = netIn.hasRemaining() ? bio.read(netIn) : 0;
        boolean progress = read > 0;
        if (read < 0 && !inboundDone) {
            throw new AssertionError("the JDK engine's BIO reached EOF before close_notify");
        }
        netIn.flip();
        for (;;) {
            SSLEngineResult result = engine.unwrap(netIn, appIn);
            progress |= result.bytesConsumed() > 0 || result.bytesProduced() > 0;
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                inboundDone = engine.isInboundDone();
            }
            if (result.getStatus() != SSLEngineResult.Status.OK || result.bytesConsumed() == 0) {
                break;
            }
        }
        netIn.compact();
        appIn.flip();
        if (appIn.hasRemaining()) {
            if (incoming == null) {
                throw new AssertionError("the JDK engine got data it did not expect");
            }
            incoming.accept(appIn);
        }
        appIn.clear();
        return progress;
    }
}
