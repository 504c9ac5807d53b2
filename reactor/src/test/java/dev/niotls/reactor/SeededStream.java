package dev.niotls.reactor;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/**
 * A pseudo-random byte stream of a seeded length and content, with the SHA-256 of what it produced:
 * the sender's half of every transfer check (the receiver digests what arrived and compares).
 */
final class SeededStream {
    private final Random random;
    private final long length;
    private final MessageDigest digest = sha256();
    private long produced;

    SeededStream(long seed, int minLength, int maxLength) {
        this.random = new Random(seed);
        this.length = minLength + random.nextInt(maxLength - minLength + 1);
    }

    long length() {
        return length;
    }

    boolean exhausted() {
        return produced == length;
    }

    /** Fills {@code target} with the next chunk: a random size up to its space and to what is left. */
    void nextChunk(ByteBuffer target) {
        int room = (int) Math.min(target.remaining(), length - produced);
        int size = room == 0 ? 0 : 1 + random.nextInt(room);
        byte[] chunk = new byte[size];
        random.nextBytes(chunk);
        digest.update(chunk);
        target.put(chunk);
        produced += size;
    }

    /** @return the digest of everything produced (call once, after the last chunk) */
    byte[] digest() {
        return digest.digest();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new AssertionError("every JDK has SHA-256", impossible);
        }
    }
}
