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
 * The committed plaintext is counted here, and kept by the {@link WriteCommitment} when the write stalls.
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
        int committed = driver.commitment == null ? 0 : driver.commitment.committed();
        return src.remaining() == 0 && committed == 0 ? flushOnly(driver) : writeRecords(driver, src, committed);
    }

    /** @param committed bytes of {@code src}, from its position, encrypted by earlier calls that stalled */
    private static int writeRecords(RecordDriver driver, ByteBuffer src, int committed) throws IOException {
        boolean renegotiating = driver.phase() == RecordDriver.Phase.ESTABLISHED;
        driver.clearProtocolRecordSeen();
        int result = driver.driveHandshake();
        if (result != OK) {
            return hold(driver, src, committed, result);
        }
        if (renegotiating && driver.protocolRecordSeen() && !driver.modeOn(TlsMode.AUTO_RETRY) && driver.bio.isBlocking()) {
            // W13: the old blocking contract without SSL_MODE_AUTO_RETRY: report the handshake
            // records once, and let the caller repeat the identical call.
            driver.clearProtocolRecordSeen();
            return hold(driver, src, committed, WANT_READ);
        }
        for (;;) {
            if (!driver.flushUnlessCorked()) {
                return hold(driver, src, committed, WANT_WRITE);
            }
            // Everything committed is on the wire now, or held by a cork (TlsConnection.cork).
            int unsent = src.remaining() - committed;
            if (unsent == 0 || (driver.modeOn(TlsMode.ENABLE_PARTIAL_WRITE) && committed > 0)) {
                src.position(src.position() + committed); // only a completed write moves the buffer
                driver.clearCommitment();
                return committed;
            }
            Engine engine = driver.engine();
            if (engine.isHandshaking()) {
                result = driver.driveHandshake();
                if (result != OK) {
                    return hold(driver, src, committed, result);
                }
                continue;
            }
            driver.requests.beforeApplicationData(engine);
            int length = Math.min(unsent, driver.context.maxSendFragment());
            encryptOneRecord(engine, src, src.position() + committed, length);
            committed += length;
        }
    }

    private static void encryptOneRecord(Engine engine, ByteBuffer src, int index, int length) throws IOException {
        if (src.hasArray()) {
            engine.writeApplicationData(src.array(), src.arrayOffset() + index, length);
        } else {
            engine.writeApplicationData(src, index, length);
        }
    }

    /**
     * The write stalls: only committed bytes bind the caller to the same buffer (as OpenSSL's wpend_buf), and
     * only then does the connection need a {@link WriteCommitment}.
     */
    private static int hold(RecordDriver driver, ByteBuffer src, int committed, int result) {
        if (committed > 0) {
            if (driver.commitment == null) {
                driver.commitment = new WriteCommitment();
            }
            driver.commitment.hold(src, committed);
        } else {
            driver.clearCommitment();
        }
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
