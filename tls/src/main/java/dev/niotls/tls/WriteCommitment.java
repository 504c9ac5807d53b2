package dev.niotls.tls;

import java.nio.ByteBuffer;

/**
 * The plaintext of a write that is already encrypted: the twin of OpenSSL's {@code wpend_buf},
 * {@code wpend_tot} and {@code wpend_ret} ({@code ssl3_write_pending}). Bytes from the buffer's
 * position on are committed once encrypted; a write that returns WANT_* leaves the buffer untouched
 * and binds the caller to bring the same buffer object back with at least those bytes (W3 to W6).
 *
 * <p>As OpenSSL's {@code wpend_*}, it matters only between calls: {@link WriteLoop} counts the bytes it
 * commits itself and stores them here when the write stalls, so that a connection whose writes never stalled
 * has no commitment object at all ({@link RecordDriver#commitment}).
 */
final class WriteCommitment {
    /** The buffer of a write that returned WANT_* while some of its bytes are committed (W3). */
    private ByteBuffer pending;
    /** Bytes of the buffer (from its position) already encrypted, sent or not. */
    private int committed;

    /** Whether a write returned WANT_* with committed bytes and awaits its retry. */
    boolean isPending() {
        return pending != null;
    }

    /** Bytes of the current write already encrypted. */
    int committed() {
        return committed;
    }

    /**
     * W4 and W5: the refusal a retry with {@code src} earns, or null when {@code src} may go on (it
     * then becomes the pending buffer). {@code movingBuffer} is {@code SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER}.
     */
    TlsException checkRetry(ByteBuffer src, boolean movingBuffer) {
        if (src != pending && !movingBuffer) {
            return new TlsException(TlsReason.BAD_WRITE_RETRY, TlsException.NO_ALERT,
                    "write retried with a different ByteBuffer than the one that got WANT_*", null);
        }
        if (src.remaining() < committed) {
            return new TlsException(TlsReason.BAD_LENGTH, TlsException.NO_ALERT, "write retried with "
                    + src.remaining() + " bytes remaining, " + committed + " already committed", null);
        }
        pending = src;
        return null;
    }

    /** The write of {@code src} stalls with {@code count} bytes (more than 0) encrypted: they bind the caller. */
    void hold(ByteBuffer src, int count) {
        pending = src;
        committed = count;
    }

    /** The write completed, or the connection failed or was freed: nothing binds the caller any more. */
    void clear() {
        pending = null;
        committed = 0;
    }
}
