package dev.niotls.samples;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Checks received bytes against {@link SeededBytes}, byte by byte, and keeps their SHA-256. */
final class StreamVerifier {
    private final long seed;
    private final MessageDigest digest = SeededBytes.sha256();
    private final ByteBuffer expected = ByteBuffer.allocate(16 * 1024);
    private long received;
    private String mismatch;

    StreamVerifier(long seed) {
        this.seed = seed;
    }

    /** Consumes {@code data}'s remaining bytes; false (and {@link #mismatch()} says where) at the first wrong byte. */
    boolean accept(ByteBuffer data) {
        while (data.hasRemaining() && mismatch == null) {
            int count = Math.min(data.remaining(), expected.capacity());
            expected.clear().limit(count);
            SeededBytes.fill(seed, received, expected);
            expected.flip();
            ByteBuffer slice = data.slice().limit(count);
            int differs = slice.mismatch(expected);
            if (differs >= 0) {
                mismatch = "byte " + (received + differs) + " is " + (slice.get(differs) & 0xFF) + ", expected "
                        + (expected.get(differs) & 0xFF) + " (stream seed " + seed + ")";
                return false;
            }
            digest.update(slice);
            data.position(data.position() + count);
            received += count;
        }
        return mismatch == null;
    }

    long received() {
        return received;
    }

    /** Null while every byte matched. */
    String mismatch() {
        return mismatch;
    }

    /** Null when exactly {@code length} correct bytes came and their digest is right; else what is wrong. */
    String verdict(long length) {
        if (mismatch != null) {
            return mismatch;
        }
        if (received != length) {
            return "received " + received + " bytes of " + length;
        }
        String got = HexFormat.of().formatHex(digest.digest());
        String wanted = HexFormat.of().formatHex(SeededBytes.digest(seed, length));
        return got.equals(wanted) ? null : "SHA-256 " + got + " differs from " + wanted;
    }
}
