package dev.niotls.bench.jmh;

import java.nio.ByteBuffer;

/**
 * The write/read surface the transfer benchmark drives: {@code SSL_write}/{@code SSL_read} return
 * conventions (a positive count, or -1 when the call would block). Implemented by a real TLS connection
 * and by a pass-through copy, so the difference between the two is the cost of TLS itself.
 */
interface Endpoint {
    /** Writes all of {@code src} or returns -1 (would block) with {@code src} untouched. */
    int write(ByteBuffer src);

    /** Reads into {@code dst}: a positive count, or -1 when nothing is available. */
    int read(ByteBuffer dst);
}
