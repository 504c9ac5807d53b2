package dev.niotls.tls.testing;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Checks received bytes against the {@link SeededStream} of the same seed, byte by byte at the right
 * offset, and keeps a SHA-256 digest of everything received. A mismatch fails at once with the offset
 * of the first wrong byte, which tells a lost, duplicated or reordered record apart from corruption.
 */
public final class StreamVerifier {
    private final long seed;
    private final MessageDigest digest = SeededStream.sha256();
    private long received;
    /** The final digest, once taken (a MessageDigest resets when it hands out its digest). */
    private byte[] finalDigest;

    public StreamVerifier(long seed) {
        this.seed = seed;
    }

    /** Verifies and consumes {@code src}'s remaining bytes. */
    public void accept(ByteBuffer src) {
        if (finalDigest != null && src.hasRemaining()) {
            throw new AssertionError("stream " + seed + ": " + src.remaining() + " bytes after the end");
        }
        int start = src.position();
        int count = src.remaining();
        for (int i = 0; i < count; i++) {
            byte got = src.get(start + i);
            byte expected = SeededStream.byteAt(seed, received + i);
            if (got != expected) {
                throw new AssertionError("stream " + seed + ": first mismatch at offset " + (received + i)
                        + ": expected " + expected + ", got " + got);
            }
        }
        digest.update(src);
        received += count;
    }

    /** Verifies the bytes written into {@code buffer} between {@code from} and its position. */
    public void acceptWritten(ByteBuffer buffer, int from) {
        ByteBuffer written = buffer.duplicate();
        written.limit(buffer.position()).position(from);
        accept(written);
    }

    /** Bytes verified so far. */
    public long received() {
        return received;
    }

    /**
     * Asserts exactly {@code length} bytes arrived and their SHA-256 equals that of the first
     * {@code length} bytes of the stream. Ends the stream: no byte may arrive after it.
     */
    public void assertComplete(long length) {
        if (received != length) {
            throw new AssertionError("stream " + seed + ": received " + received + " of " + length + " bytes");
        }
        if (finalDigest == null) {
            finalDigest = digest.digest();
        }
        byte[] got = finalDigest;
        byte[] expected = SeededStream.digest(seed, length);
        if (!Arrays.equals(got, expected)) {
            throw new AssertionError("stream " + seed + ": SHA-256 " + HexFormat.of().formatHex(got)
                    + " != expected " + HexFormat.of().formatHex(expected));
        }
    }
}
