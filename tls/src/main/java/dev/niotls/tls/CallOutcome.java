package dev.niotls.tls;

import java.io.IOException;

/**
 * What the last call of a connection ended with: the twin of what OpenSSL keeps for {@code SSL_get_error}
 * ({@code s->rwstate} and the connection's error state) and of the reason on the {@code ERR} queue
 * ({@code ERR_get_error}). Also remembers how a failed connection fails every later call (SSL or SYSCALL).
 *
 * <p>{@link RecordDriver} (and so {@link TlsConnection}) extends it rather than holding one: every connection,
 * idle ones included, has an outcome (a stalled call's WANT_READ), so a separate object would only add its
 * header and a reference, 32 bytes in all (BENCHMARKS.md, "issue 13: idle memory after the carve").
 */
abstract class CallOutcome {
    /** The {@code ret} of a call that failed. */
    private static final int FAILED = -1;

    private TlsError lastError = TlsError.NONE;
    /** After a failure: SSL or SYSCALL, reported by every later call once any queued alert has gone. */
    private TlsError failureError = TlsError.SSL;
    private TlsReason lastReason = TlsReason.NONE;
    private IOException lastException;

    /** {@code SSL_get_error}: what a return value {@code ret} of the last call means. */
    TlsError error(int ret) {
        return ret > 0 ? TlsError.NONE : lastError;
    }

    TlsReason reason() {
        return lastReason;
    }

    IOException exception() {
        return lastException;
    }

    /** The call succeeded with {@code result} (> 0, or 0 where 0 is success). */
    int succeed(int result) {
        lastError = TlsError.NONE;
        return result;
    }

    /** The call waits on the BIO: -1 with WANT_READ or WANT_WRITE. */
    int stall(TlsError want) {
        lastError = want;
        return FAILED;
    }

    /** A call that ends cleanly with 0 and {@code error} (ZERO_RETURN, or SYSCALL for a zero-length write, W9). */
    int zero(TlsError error) {
        lastError = error;
        lastReason = TlsReason.NONE;
        lastException = null;
        return 0;
    }

    /** A refused call that does not harm the connection: -1 with SSL and {@code reason}. */
    int refuse(TlsReason reason, String message) {
        lastError = TlsError.SSL;
        lastReason = reason;
        lastException = new TlsException(reason, TlsException.NO_ALERT, message, null);
        return FAILED;
    }

    /** A refused request ({@code SSL_renegotiate}, {@code SSL_key_update}): 0, with SSL and {@code reason}. */
    int refuseRequest(TlsReason reason, String message) {
        refuse(reason, message);
        return 0;
    }

    /** The connection failed with a TLS error: every later call reports SSL with the failure's reason. */
    void failed(TlsException failure) {
        failureError = TlsError.SSL;
        lastReason = failure.reason();
        lastException = failure;
    }

    /** The transport failed: every later call reports SYSCALL with the BIO's exception (R5). */
    void transportFailed(IOException cause) {
        failureError = TlsError.SYSCALL;
        lastReason = TlsReason.NONE;
        lastException = cause;
    }

    /** {@code SSL_free}: later calls fail with SSL; the reason of an earlier failure stays readable. */
    void freed(boolean alreadyFailed) {
        if (!alreadyFailed) {
            failureError = TlsError.SSL;
        }
    }

    /** Reports the failure on this call: WANT_WRITE while our alert still goes out, else SSL or SYSCALL. */
    void failureReported(boolean alertStillGoing) {
        lastError = alertStillGoing ? TlsError.WANT_WRITE : failureError;
    }
}
