package dev.niotls.tls.testing;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import java.nio.ByteBuffer;

/**
 * One side of a {@link Pump}: its connection, the stream it sends, the stream it expects, and what
 * happened (call counts per outcome). Every call's return is checked against SPEC section 2 and 3:
 * a success moves the buffer position by exactly the count; a WANT_* leaves the buffer untouched and
 * the identical object is retried; anything else fails the test with the reason and exception.
 */
public final class PumpSide {
    private final String name;
    private final TlsConnection connection;

    // ---- sending: the seeded stream, written through two alternating buffer objects ----
    private SeededStream outgoing;
    private long sendTotal;
    private int[] writeSizes = {16384};
    private int writeSizeIndex;
    private final ByteBuffer[] writeBuffers = new ByteBuffer[2];
    private int writeBufferIndex;
    /** The buffer of the write in progress (retried as the identical object after WANT_*), or null. */
    private ByteBuffer pendingWrite;
    private boolean partialWrites;
    private long sent;
    private Runnable atSentAction;
    private long atSentOffset = -1;

    // ---- receiving ----
    private StreamVerifier incoming;
    /** Bytes of the streams already verified and forgotten. */
    private long receivedBefore;
    private long receiveTotal;
    private ByteBuffer readBuffer = ByteBuffer.allocate(16384);
    private boolean reading = true;
    private boolean direct;
    private boolean peerClosed;

    // ---- what happened ----
    private long writeCalls;
    private long writeWantRead;
    private long writeWantWrite;
    private long readCalls;
    private long readWantRead;
    private long readWantWrite;
    private long handshakeCalls;
    private long handshakeWantRead;
    private long handshakeWantWrite;
    private long partialWriteSuccesses;
    private TlsError lastReadError = TlsError.NONE;

    PumpSide(String name, TlsConnection connection) {
        this.name = name;
        this.connection = connection;
    }

    public TlsConnection connection() {
        return connection;
    }

    /** Queues the stream of {@code seed}: {@code total} more bytes, writes cycling through {@code sizes}. */
    public PumpSide send(long seed, long total, int... sizes) {
        if (pendingWrite != null || sent < sendTotal) {
            throw new IllegalStateException(name + ": a send is still in progress");
        }
        int largest = 1;
        for (int size : sizes) {
            largest = Math.max(largest, size);
        }
        if (writeBuffers[0] == null || writeBuffers[0].capacity() < largest) {
            writeBuffers[0] = allocate(largest);
            writeBuffers[1] = allocate(largest);
        }
        this.outgoing = new SeededStream(seed);
        this.sendTotal = total;
        this.sent = 0;
        this.writeSizes = sizes.length == 0 ? new int[] {16384} : sizes.clone();
        this.writeSizeIndex = 0;
        return this;
    }

    /** Expects the stream of {@code seed}, {@code total} bytes, read into buffers of {@code readSize}. */
    public PumpSide receive(long seed, long total, int readSize) {
        this.incoming = new StreamVerifier(seed);
        this.receiveTotal = total;
        if (readBuffer.capacity() != readSize || readBuffer.isDirect() != direct) {
            readBuffer = allocate(readSize);
        }
        return this;
    }

    /**
     * Continues a write the test started itself and that returned WANT_* (or wrote part of it, W8):
     * {@code pending} holds the stream of {@link #send} from offset {@code alreadySent} on, and is
     * retried as the identical object.
     */
    public PumpSide withPendingWrite(ByteBuffer pending, long alreadySent) {
        if (outgoing == null || outgoing.position() != 0 || pendingWrite != null) {
            throw new IllegalStateException(name + ": call right after send()");
        }
        outgoing.skip(alreadySent + pending.remaining());
        sent = alreadySent;
        pendingWrite = pending;
        return this;
    }

    /** Whether writes may return less than the buffer (ENABLE_PARTIAL_WRITE, W8); checked accordingly. */
    public PumpSide partialWrites(boolean partial) {
        this.partialWrites = partial;
        return this;
    }

    /** Whether the buffers this side writes from and reads into are direct (call before send/receive). */
    public PumpSide directBuffers(boolean on) {
        this.direct = on;
        return this;
    }

    private ByteBuffer allocate(int capacity) {
        return direct ? ByteBuffer.allocateDirect(capacity) : ByteBuffer.allocate(capacity);
    }

    /** Whether this side calls {@code read} at all (off: the R8 flood test's sleeping reader). */
    public PumpSide reading(boolean on) {
        this.reading = on;
        return this;
    }

    /** Runs {@code action} once, before the first write at or after stream offset {@code offset}. */
    public PumpSide atSent(long offset, Runnable action) {
        this.atSentOffset = offset;
        this.atSentAction = action;
        return this;
    }

    /** True when everything queued is written and everything expected has arrived. */
    public boolean finished() {
        boolean sendDone = pendingWrite == null && sent >= sendTotal;
        boolean receiveDone = incoming == null || incoming.received() >= receiveTotal;
        return sendDone && receiveDone;
    }

    boolean handshakeStep() {
        handshakeCalls++;
        int result = connection.doHandshake();
        if (result == 1) {
            return true;
        }
        TlsError error = connection.getError(result);
        if (!Pump.isRetry(error)) {
            throw failure("doHandshake", result, error);
        }
        if (error == TlsError.WANT_READ) {
            handshakeWantRead++;
        } else {
            handshakeWantWrite++;
        }
        return false;
    }

    /** One write call (or none when nothing is queued); returns whether it wrote bytes. */
    boolean writeStep() {
        if (pendingWrite == null) {
            if (sent >= sendTotal || outgoing == null) {
                return false;
            }
            if (atSentAction != null && sent >= atSentOffset) {
                Runnable action = atSentAction;
                atSentAction = null;
                action.run();
            }
            pendingWrite = nextChunk();
        }
        ByteBuffer src = pendingWrite;
        int position = src.position();
        int limit = src.limit();
        writeCalls++;
        int result = connection.write(src);
        if (result > 0) {
            checkWritten(src, position, limit, result);
            sent += result;
            if (result < limit - position) {
                partialWriteSuccesses++;
            }
            if (!src.hasRemaining()) {
                pendingWrite = null;
            }
            return true;
        }
        TlsError error = connection.getError(result);
        if (!Pump.isRetry(error)) {
            throw failure("write", result, error);
        }
        if (src.position() != position || src.limit() != limit) {
            throw new AssertionError(name + ": W3: write returned " + error + " but moved the buffer from "
                    + position + "/" + limit + " to " + src.position() + "/" + src.limit());
        }
        if (error == TlsError.WANT_READ) {
            writeWantRead++;
        } else {
            writeWantWrite++;
        }
        return false;
    }

    /** One read call; returns whether it read bytes. */
    boolean readStep() {
        if (!reading || peerClosed) {
            return false;
        }
        ByteBuffer dst = readBuffer;
        dst.clear();
        readCalls++;
        int result = connection.read(dst);
        if (result > 0) {
            if (dst.position() != result) {
                throw new AssertionError(name + ": R1: read returned " + result + " but the position is " + dst.position());
            }
            if (incoming == null || incoming.received() + result > receiveTotal) {
                throw new AssertionError(name + ": unexpected application data: " + result + " bytes");
            }
            incoming.acceptWritten(dst, 0);
            return true;
        }
        TlsError error = connection.getError(result);
        lastReadError = error;
        if (error == TlsError.WANT_READ) {
            readWantRead++;
        } else if (error == TlsError.WANT_WRITE) {
            readWantWrite++;
        } else if (error == TlsError.ZERO_RETURN) {
            peerClosed = true;
        } else {
            throw failure("read", result, error);
        }
        if (dst.position() != 0) {
            throw new AssertionError(name + ": read returned " + result + " but moved the buffer to " + dst.position());
        }
        return false;
    }

    private ByteBuffer nextChunk() {
        int size = (int) Math.min(writeSizes[writeSizeIndex], sendTotal - sent);
        writeSizeIndex = (writeSizeIndex + 1) % writeSizes.length;
        // Alternate two buffer objects: reusing one would hide a connection that wrongly still treats
        // a completed write as pending; a fresh object would hide one that wrongly forgets a pending one.
        ByteBuffer buffer = writeBuffers[writeBufferIndex];
        writeBufferIndex ^= 1;
        buffer.clear();
        outgoing.fill(buffer, size);
        buffer.flip();
        return buffer;
    }

    private void checkWritten(ByteBuffer src, int position, int limit, int result) {
        int remaining = limit - position;
        if (src.position() != position + result || src.limit() != limit) {
            throw new AssertionError(name + ": write returned " + result + " but the position moved "
                    + (src.position() - position));
        }
        if (result > remaining) {
            throw new AssertionError(name + ": write returned " + result + " > " + remaining + " remaining");
        }
        if (!partialWrites && result != remaining) {
            throw new AssertionError(name + ": W7: write returned " + result + " of " + remaining
                    + " without ENABLE_PARTIAL_WRITE");
        }
    }

    private AssertionError failure(String call, int result, TlsError error) {
        AssertionError failure = new AssertionError(name + ": " + call + " returned " + result + " / " + error
                + ", reason " + connection.lastReason() + "; " + this);
        if (connection.lastException() != null) {
            failure.initCause(connection.lastException());
        }
        return failure;
    }

    /** Verifies the stream expected by {@link #receive} and forgets it (the next receive starts afresh). */
    void assertReceivedComplete() {
        if (incoming != null) {
            incoming.assertComplete(receiveTotal);
            receivedBefore += incoming.received();
            incoming = null;
            receiveTotal = 0;
        }
    }

    // ---- statistics, for tests that count what happened ----

    public long sent() {
        return sent;
    }

    /** Application bytes received and verified so far, over all streams. */
    public long received() {
        return receivedBefore + (incoming == null ? 0 : incoming.received());
    }

    public boolean hasPendingWrite() {
        return pendingWrite != null;
    }

    /** The buffer object of the write in progress, or null. */
    public ByteBuffer pendingWrite() {
        return pendingWrite;
    }

    public boolean peerClosed() {
        return peerClosed;
    }

    public long writeCalls() {
        return writeCalls;
    }

    public long writeWantRead() {
        return writeWantRead;
    }

    public long writeWantWrite() {
        return writeWantWrite;
    }

    public long readCalls() {
        return readCalls;
    }

    public long readWantRead() {
        return readWantRead;
    }

    public long readWantWrite() {
        return readWantWrite;
    }

    /** Successful writes that wrote less than the buffer held (only with ENABLE_PARTIAL_WRITE, W8). */
    public long partialWriteSuccesses() {
        return partialWriteSuccesses;
    }

    public long handshakeCalls() {
        return handshakeCalls;
    }

    public TlsError lastReadError() {
        return lastReadError;
    }

    @Override
    public String toString() {
        return name + "[sent " + sent + "/" + sendTotal + (pendingWrite != null ? " pending " + pendingWrite.remaining() : "")
                + ", received " + (incoming == null ? 0 : incoming.received()) + "/" + receiveTotal + ", writes " + writeCalls + " (WANT_READ "
                + writeWantRead + ", WANT_WRITE " + writeWantWrite + "), reads " + readCalls + " (WANT_READ "
                + readWantRead + ", WANT_WRITE " + readWantWrite + ")" + (peerClosed ? ", peer closed" : "")
                + ", handshake calls " + handshakeCalls + " (WANT_READ " + handshakeWantRead + ", WANT_WRITE "
                + handshakeWantWrite + ")]";
    }
}
