package dev.niotls.tls.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.testing.SeededStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/** Small drivers shared by the conformance tests. */
final class Steps {
    /** Upper bound on retries of one call: a 1-byte transport needs a few per byte. */
    static final int MAX_TRIES = 5_000_000;
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(60);

    private Steps() {
    }

    static boolean isRetry(TlsError error) {
        return error == TlsError.WANT_READ || error == TlsError.WANT_WRITE;
    }

    /** A buffer holding the first {@code count} bytes of the stream of {@code seed}, ready to write. */
    static ByteBuffer streamBuffer(long seed, int count) {
        return streamBuffer(seed, count, count);
    }

    /** As {@link #streamBuffer(long, int)}, in a buffer of {@code capacity} bytes. */
    static ByteBuffer streamBuffer(long seed, int count, int capacity) {
        ByteBuffer buffer = ByteBuffer.allocate(capacity);
        new SeededStream(seed).fill(buffer, count);
        buffer.flip();
        return buffer;
    }

    /**
     * Repeats {@code call} on {@code connection} while it answers WANT_READ/WANT_WRITE, running
     * {@code peerStep} between tries (the peer's reads and writes that let it progress); returns the
     * first other result. Fails if it never stops retrying.
     */
    static int retry(TlsConnection connection, IntSupplier call, Runnable peerStep) {
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        TlsError last = TlsError.NONE;
        for (int i = 0; i < MAX_TRIES && System.nanoTime() - deadline < 0; i++) {
            int result = call.getAsInt();
            last = connection.getError(result);
            if (result > 0 || !isRetry(last)) {
                return result;
            }
            peerStep.run();
        }
        throw new AssertionError("still " + last + " after " + MAX_TRIES + " tries (or 60 s)");
    }

    /** Reads {@code connection} until it returns something other than WANT_*: data is a failure. */
    static int readUntilNotRetry(TlsConnection connection, Runnable peerStep) {
        ByteBuffer scratch = ByteBuffer.allocate(1024);
        int result = retry(connection, () -> connection.read(scratch.clear()), peerStep);
        if (result > 0) {
            throw new AssertionError("unexpected " + result + " bytes of application data");
        }
        return result;
    }

    /** Asserts {@code result} is -1 with {@code error} (and, for SSL, {@code reason}). */
    static void assertFailed(TlsConnection connection, int result, TlsError error) {
        assertEquals(-1, result, "return code");
        assertEquals(error, connection.getError(result), () -> "error; reason " + connection.lastReason());
    }

    /** A peer step that does nothing (the peer needs no help, or cannot give any). */
    static void idle() {
    }
}
