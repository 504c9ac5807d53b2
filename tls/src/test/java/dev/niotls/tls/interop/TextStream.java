package dev.niotls.tls.interop;

import dev.niotls.tls.testing.SeededStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A {@link SeededStream} spelled as text for an openssl process's stdin: each byte becomes two
 * characters, one per nibble, from {@code '0'..'?'} (0x30 to 0x3F). No letter appears, so no read of
 * stdin can start with a command letter ({@code Q q R r K k P S B}) and be taken for a command, and
 * no line ending appears either. The text at any offset is computed directly, so the receiver needs
 * no copy of it.
 */
final class TextStream {
    private TextStream() {
    }

    /** The character at {@code offset} of the text of stream {@code seed}. */
    static byte byteAt(long seed, long offset) {
        int value = SeededStream.byteAt(seed, offset >>> 1) & 0xFF;
        int nibble = (offset & 1) == 0 ? value >>> 4 : value & 0x0F;
        return (byte) ('0' + nibble);
    }

    /** {@code length} characters of the text of {@code seed} from {@code offset}. */
    static byte[] chunk(long seed, long offset, int length) {
        byte[] chunk = new byte[length];
        for (int i = 0; i < length; i++) {
            chunk[i] = byteAt(seed, offset + i);
        }
        return chunk;
    }

    /** SHA-256 of the first {@code length} characters. */
    static byte[] digest(long seed, long length) {
        MessageDigest sha = sha256();
        for (long offset = 0; offset < length; offset += 8192) {
            sha.update(chunk(seed, offset, (int) Math.min(8192, length - offset)));
        }
        return sha.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Checks received text byte by byte at the right offset, and its SHA-256 at the end. */
    static final class Verifier {
        private final long seed;
        private final MessageDigest digest = sha256();
        private long received;

        Verifier(long seed) {
            this.seed = seed;
        }

        /** Verifies and consumes {@code src}'s remaining bytes. */
        void accept(ByteBuffer src) {
            int start = src.position();
            int count = src.remaining();
            for (int i = 0; i < count; i++) {
                byte got = src.get(start + i);
                byte expected = byteAt(seed, received + i);
                if (got != expected) {
                    throw new AssertionError("text stream " + seed + ": first mismatch at offset " + (received + i)
                            + ": expected " + expected + ", got " + got);
                }
            }
            digest.update(src);
            received += count;
        }

        long received() {
            return received;
        }

        void assertComplete(long length) {
            if (received != length) {
                throw new AssertionError("text stream " + seed + ": received " + received + " of " + length);
            }
            byte[] got = digest.digest();
            byte[] expected = TextStream.digest(seed, length);
            if (!Arrays.equals(got, expected)) {
                throw new AssertionError("text stream " + seed + ": SHA-256 " + HexFormat.of().formatHex(got)
                        + " != " + HexFormat.of().formatHex(expected));
            }
        }
    }
}
