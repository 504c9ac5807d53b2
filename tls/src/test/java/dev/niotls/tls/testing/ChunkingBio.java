package dev.niotls.tls.testing;

import dev.niotls.tls.bio.Bio;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A {@link Bio} that moves at most {@code maxChunk} bytes per call, in either direction, so every
 * record arrives and leaves in pieces (tls-channel's chunking channels; OpenSSL's test BIOs that split
 * records). With {@code maxChunk == 1} it is the one-byte-at-a-time BIO of SPEC B3.
 * Allocation-free: the caller's buffer limit is narrowed for the call and restored.
 */
public final class ChunkingBio extends ForwardingBio {
    private final int maxChunk;

    public ChunkingBio(Bio delegate, int maxChunk) {
        super(delegate);
        if (maxChunk < 1) {
            throw new IllegalArgumentException("maxChunk must be at least 1: " + maxChunk);
        }
        this.maxChunk = maxChunk;
    }

    /** The one-byte-at-a-time BIO. */
    public static ChunkingBio oneByte(Bio delegate) {
        return new ChunkingBio(delegate, 1);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int limit = dst.limit();
        dst.limit(dst.position() + Math.min(dst.remaining(), maxChunk));
        try {
            return delegate.read(dst);
        } finally {
            dst.limit(limit);
        }
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int limit = src.limit();
        src.limit(src.position() + Math.min(src.remaining(), maxChunk));
        try {
            return delegate.write(src);
        } finally {
            src.limit(limit);
        }
    }

    @Override
    public String toString() {
        return "Chunking(" + maxChunk + ")[" + delegate + "]";
    }
}
