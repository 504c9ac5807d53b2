package dev.niotls.tls.bio;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The transport under a {@link dev.niotls.tls.TlsConnection}: raw ciphertext bytes in and out.
 * The twin of OpenSSL's {@code BIO}.
 *
 * <p>Both methods follow one convention: a positive count of bytes moved, 0 when the call would
 * block (the connection then reports WANT_READ or WANT_WRITE), -1 at end of stream (read only).
 * A blocking BIO never returns 0 for a non-empty buffer.
 */
public interface Bio {
    /**
     * Reads ciphertext into {@code dst}.
     *
     * @return bytes read (> 0), 0 if none are available now, -1 at end of stream
     * @throws IOException on a transport error (reset, closed channel)
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes ciphertext from {@code src}.
     *
     * @return bytes written (>= 0); 0 means the transport cannot take more now
     * @throws IOException on a transport error
     */
    int write(ByteBuffer src) throws IOException;

    /** Whether calls block until they make progress (OpenSSL's blocking socket BIO). */
    boolean isBlocking();

    /** Closes the transport. Idempotent. */
    void close() throws IOException;

    /**
     * Ends this side's output: the peer reads end of stream (-1) once it has read what was written
     * before. Reading stays possible. The twin of OpenSSL's {@code BIO_shutdown_wr} (and of
     * {@code shutdown(fd, SHUT_WR)} for a socket). Idempotent.
     *
     * @throws UnsupportedOperationException if this BIO has no half-close (the default)
     * @throws IOException on a transport error
     */
    default void shutdownOutput() throws IOException {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot half-close");
    }
}
