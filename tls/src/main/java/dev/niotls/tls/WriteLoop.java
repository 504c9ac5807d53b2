package dev.niotls.tls;

import static dev.niotls.tls.RecordDriver.OK;
import static dev.niotls.tls.RecordDriver.WANT_READ;
import static dev.niotls.tls.RecordDriver.WANT_WRITE;

import dev.niotls.tls.engine.Engine;
import dev.niotls.tls.engine.PostHandshakeRequests;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The loop of {@code SSL_write} ({@code ssl3_write_bytes}): drives a pending handshake, then encrypts one
 * record at a time, each only once the previous ciphertext has left for the BIO (W3 to W10, W13).
 * The committed plaintext is kept by the {@link WriteCommitment}.
 */
final class WriteLoop {
    private final RecordDriver driver;
    private final WriteCommitment commitment;
    private final PostHandshakeRequests requests;
    private final ConnectionModes modes;
    private final int maxFragment;

    WriteLoop(RecordDriver driver, WriteCommitment commitment, PostHandshakeRequests requests, ConnectionModes modes,
            int maxFragment) {
        this.driver = driver;
        this.commitment = commitment;
        this.requests = requests;
        this.modes = modes;
        this.maxFragment = maxFragment;
    }

    /**
     * Writes {@code src}'s remaining bytes, or with none and nothing committed only flushes (W9).
     *
     * @return the count written (0 for a flush), or WANT_READ, WANT_WRITE or FAILED
     */
    int write(ByteBuffer src) throws IOException {
        return src.remaining() == 0 && commitment.committed() == 0 ? flushOnly() : writeRecords(src);
    }

    private int writeRecords(ByteBuffer src) throws IOException {
        boolean renegotiating = driver.phase() == RecordDriver.Phase.ESTABLISHED;
        driver.clearProtocolRecordSeen();
        int result = driver.driveHandshake();
        if (result != OK) {
            return holdPending(src, result);
        }
        if (renegotiating && driver.protocolRecordSeen() && !modes.autoRetry() && driver.bio().isBlocking()) {
            // W13: the old blocking contract without SSL_MODE_AUTO_RETRY: report the handshake
            // records once, and let the caller repeat the identical call.
            driver.clearProtocolRecordSeen();
            return holdPending(src, WANT_READ);
        }
        for (;;) {
            if (!driver.flush()) {
                return holdPending(src, WANT_WRITE);
            }
            // Everything committed is on the wire now.
            int unsent = commitment.uncommitted(src);
            if (unsent == 0 || (modes.partialWrites() && commitment.committed() > 0)) {
                return commitment.complete(src);
            }
            Engine engine = driver.engine();
            if (engine.isHandshaking()) {
                result = driver.driveHandshake();
                if (result != OK) {
                    return holdPending(src, result);
                }
                continue;
            }
            requests.beforeApplicationData(engine);
            encryptOneRecord(engine, src, Math.min(unsent, maxFragment));
        }
    }

    private void encryptOneRecord(Engine engine, ByteBuffer src, int length) throws IOException {
        int index = commitment.nextIndex(src);
        if (src.hasArray()) {
            engine.writeApplicationData(src.array(), src.arrayOffset() + index, length);
        } else {
            engine.writeApplicationData(src, index, length);
        }
        commitment.commit(length);
    }

    private int holdPending(ByteBuffer src, int result) {
        commitment.hold(src);
        return result;
    }

    /** W9: a zero-length write drives the handshake and flushes KeyUpdate replies and alerts. */
    private int flushOnly() throws IOException {
        int result = driver.driveHandshake();
        if (result != OK) {
            return result;
        }
        requests.sendKeyUpdateReply(driver.engine());
        return driver.flush() ? 0 : WANT_WRITE;
    }
}
