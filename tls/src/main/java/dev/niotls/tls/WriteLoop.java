package dev.niotls.tls;

import static dev.niotls.tls.RecordDriver.OK;
import static dev.niotls.tls.RecordDriver.WANT_READ;
import static dev.niotls.tls.RecordDriver.WANT_WRITE;

import dev.niotls.tls.engine.Engine;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The loop of {@code SSL_write} ({@code ssl3_write_bytes}): drives a pending handshake, then encrypts one
 * record at a time, each only once the previous ciphertext has left for the BIO (W3 to W10, W13).
 * The committed plaintext is kept by the {@link WriteCommitment}.
 */
final class WriteLoop {
    private WriteLoop() {
    }

    /**
     * Writes {@code src}'s remaining bytes, or with none and nothing committed only flushes (W9).
     *
     * @return the count written (0 for a flush), or WANT_READ, WANT_WRITE or FAILED
     */
    static int write(RecordDriver driver, ByteBuffer src) throws IOException {
        return src.remaining() == 0 && driver.commitment.committed() == 0 ? flushOnly(driver) : writeRecords(driver, src);
    }

    private static int writeRecords(RecordDriver driver, ByteBuffer src) throws IOException {
        WriteCommitment commitment = driver.commitment;
        boolean renegotiating = driver.phase() == RecordDriver.Phase.ESTABLISHED;
        driver.clearProtocolRecordSeen();
        int result = driver.driveHandshake();
        if (result != OK) {
            return holdPending(commitment, src, result);
        }
        if (renegotiating && driver.protocolRecordSeen() && !driver.modeOn(TlsMode.AUTO_RETRY) && driver.bio.isBlocking()) {
            // W13: the old blocking contract without SSL_MODE_AUTO_RETRY: report the handshake
            // records once, and let the caller repeat the identical call.
            driver.clearProtocolRecordSeen();
            return holdPending(commitment, src, WANT_READ);
        }
        for (;;) {
            if (!driver.flush()) {
                return holdPending(commitment, src, WANT_WRITE);
            }
            // Everything committed is on the wire now.
            int unsent = commitment.uncommitted(src);
            if (unsent == 0 || (driver.modeOn(TlsMode.ENABLE_PARTIAL_WRITE) && commitment.committed() > 0)) {
                return commitment.complete(src);
            }
            Engine engine = driver.engine();
            if (engine.isHandshaking()) {
                result = driver.driveHandshake();
                if (result != OK) {
                    return holdPending(commitment, src, result);
                }
                continue;
            }
            driver.requests.beforeApplicationData(engine);
            encryptOneRecord(engine, commitment, src, Math.min(unsent, driver.maxFragment));
        }
    }

    private static void encryptOneRecord(Engine engine, WriteCommitment commitment, ByteBuffer src, int length)
            throws IOException {
        int index = commitment.nextIndex(src);
        if (src.hasArray()) {
            engine.writeApplicationData(src.array(), src.arrayOffset() + index, length);
        } else {
            engine.writeApplicationData(src, index, length);
        }
        commitment.commit(length);
    }

    private static int holdPending(WriteCommitment commitment, ByteBuffer src, int result) {
        commitment.hold(src);
        return result;
    }

    /** W9: a zero-length write drives the handshake and flushes KeyUpdate replies and alerts. */
    private static int flushOnly(RecordDriver driver) throws IOException {
        int result = driver.driveHandshake();
        if (result != OK) {
            return result;
        }
        driver.requests.sendKeyUpdateReply(driver.engine());
        return driver.flush() ? 0 : WANT_WRITE;
    }
}
