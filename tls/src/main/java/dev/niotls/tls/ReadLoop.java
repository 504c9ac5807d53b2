package dev.niotls.tls;

import static dev.niotls.tls.RecordDriver.END_OF_STREAM;
import static dev.niotls.tls.RecordDriver.OK;
import static dev.niotls.tls.RecordDriver.WANT_READ;
import static dev.niotls.tls.RecordDriver.WANT_WRITE;

import dev.niotls.tls.engine.ReceivedPlaintext;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The loops that read records for the application: {@code SSL_read} and {@code SSL_peek}
 * ({@code ssl3_read_bytes}: R1 to R3), and {@code SSL_shutdown} ({@code ssl3_shutdown}), whose second phase
 * reads until the peer's close_notify (S1, S2).
 */
final class ReadLoop {
    private ReadLoop() {
    }

    /**
     * Up to {@code dst.remaining()} bytes of application data.
     *
     * @return the count (0 only for an empty {@code dst}), or WANT_READ, WANT_WRITE, END_OF_STREAM or FAILED
     */
    static int read(RecordDriver driver, ByteBuffer dst, boolean peek) throws IOException {
        if (driver.phase() != RecordDriver.Phase.ESTABLISHED) {
            int result = driver.driveHandshake();
            if (result != OK) {
                return result;
            }
        }
        driver.sendScheduledRequests();
        ReceivedPlaintext plaintext = driver.plaintext();
        for (;;) {
            if (plaintext.length() > 0) {
                if (dst.remaining() == 0) {
                    return 0;
                }
                return plaintext.copyTo(dst, peek);
            }
            if (driver.isPeerClosed()) {
                return END_OF_STREAM;
            }
            boolean flushed = driver.flushBeforeRead();
            driver.clearProtocolRecordSeen();
            int result = driver.processNextRecord();
            if (result == WANT_READ) {
                return !flushed && driver.replyQueued() ? WANT_WRITE : WANT_READ;
            }
            if (result == END_OF_STREAM) {
                return END_OF_STREAM;
            }
            if (driver.protocolRecordSeen() && plaintext.length() == 0 && !driver.modeOn(TlsMode.AUTO_RETRY)) {
                driver.flush();
                return WANT_READ; // R3 without AUTO_RETRY
            }
        }
    }

    /**
     * {@code SSL_shutdown} on an established connection.
     *
     * @return 1 when both close_notify are exchanged, 0 when ours went out and theirs has not come
     *     (S1), or WANT_WRITE, WANT_READ or FAILED
     */
    static int shutdown(RecordDriver driver) throws IOException {
        // As OpenSSL's ssl3_shutdown: the calls that send (or finish sending) our close_notify
        // return 0 or 1; only a call that finds it already gone reads the peer's (S1, S2).
        boolean sending = !driver.closeNotifySent() || driver.outputWaiting();
        if (!driver.closeNotifySent()) {
            driver.sendCloseNotify();
        }
        if (!driver.flush()) {
            return WANT_WRITE;
        }
        if (driver.isPeerClosed()) {
            driver.engine().wipeSecrets(); // both close_notify exchanged: no record will be protected or opened again
            return 1;
        }
        return sending ? 0 : awaitPeerCloseNotify(driver);
    }

    /** S2: reads until the peer's close_notify, discarding data; 1 when it came, WANT_READ or FAILED. */
    private static int awaitPeerCloseNotify(RecordDriver driver) throws IOException {
        for (;;) {
            driver.plaintext().clear(); // S2: data that arrives after our close_notify is discarded
            if (driver.isPeerClosed()) {
                driver.engine().wipeSecrets(); // both close_notify exchanged: no record will be protected or opened again
                return 1;
            }
            int result = driver.processNextRecord();
            if (result == WANT_READ) {
                return WANT_READ;
            }
            if (result == END_OF_STREAM) {
                if (driver.context.options().contains(TlsOption.IGNORE_UNEXPECTED_EOF)) {
                    driver.treatEofAsCloseNotify();
                    continue;
                }
                driver.fatal(TlsReason.UNEXPECTED_EOF_WHILE_READING, "transport EOF before the peer's close_notify");
                return RecordDriver.FAILED;
            }
        }
    }
}
