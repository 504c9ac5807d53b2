package dev.niotls.bench.jmh;

import dev.niotls.tls.bio.BioPair;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;

/**
 * The "null engine" of tls-channel's tests: bytes copied to and from a {@link BioPair} end unchanged, with the
 * same return conventions as a TLS connection. Driven exactly like {@link TlsEndpoint}, it measures the
 * BIO and the driving loop, so that TLS minus pass-through is what the TLS layer costs.
 */
final class PassThroughEndpoint implements Endpoint {
    private final BioPair.End bio;

    PassThroughEndpoint(BioPair.End bio) {
        this.bio = bio;
    }

    @Override
    public int write(ByteBuffer src) {
        int length = src.remaining();
        if (bio.writable() < length) {
            // All or nothing, like SSL_write without ENABLE_PARTIAL_WRITE (W7), src untouched (W3).
            return -1;
        }
        try {
            while (src.hasRemaining()) {
                bio.write(src);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return length;
    }

    @Override
    public int read(ByteBuffer dst) {
        try {
            int n = bio.read(dst);
            return n > 0 ? n : -1;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
