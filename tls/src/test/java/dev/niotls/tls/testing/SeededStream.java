package dev.niotls.tls.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * A deterministic pseudo-random byte stream: the same seed always gives the same bytes, and the byte
 * at any offset can be computed directly (so a {@link StreamVerifier} needs no copy of what was sent).
 * Each 8-byte block is SplitMix64's finalizer applied to (seed, block index). Allocation-free.
 */
public final class SeededStream {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private final long seed;
    private long position;

    public SeededStream(long seed) {
        this.seed = seed;
    }

    /** The byte at {@code offset} of the stream of {@code seed}. */
    public static byte byteAt(long seed, long offset) {
        long block = mix(seed + (offset >>> 3) * GOLDEN_GAMMA);
        return (byte) (block >>> ((offset & 7) << 3));
    }

    /** SHA-256 of the first {@code length} bytes of the stream of {@code seed}. */
    public static byte[] digest(long seed, long length) {
        MessageDigest sha = sha256();
        byte[] chunk = new byte[8192];
        for (long offset = 0; offset < length; ) {
            int count = (int) Math.min(chunk.length, length - offset);
            for (int i = 0; i < count; i++) {
                chunk[i] = byteAt(seed, offset + i);
            }
            sha.update(chunk, 0, count);
            offset += count;
        }
        return sha.digest();
    }

    /**
     * Writes the first {@code length} bytes of the stream of {@code seed} to a blocking stream, in pieces of 1 to
     * 4,096 bytes (sizes drawn from the seed, so records of many sizes cross the wire); returns their SHA-256,
     * which equals {@link #digest(long, long)}.
     */
    public static byte[] write(OutputStream out, long seed, long length) throws IOException {
        SplittableRandom sizes = new SplittableRandom(seed);
        MessageDigest sha = sha256();
        byte[] chunk = new byte[4096];
        for (long offset = 0; offset < length; ) {
            int count = (int) Math.min(length - offset, 1 + sizes.nextInt(chunk.length));
            for (int i = 0; i < count; i++) {
                chunk[i] = byteAt(seed, offset + i);
            }
            out.write(chunk, 0, count);
            sha.update(chunk, 0, count);
            offset += count;
        }
        out.flush();
        return sha.digest();
    }

    /** Reads exactly {@code length} bytes from a blocking stream and returns their SHA-256. */
    public static byte[] read(InputStream in, long length) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[8192];
        for (long left = length; left > 0; ) {
            int count = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (count < 0) {
                throw new IOException("EOF with " + left + " bytes missing");
            }
            sha.update(buffer, 0, count);
            left -= count;
        }
        return sha.digest();
    }

    /** The first {@code length} bytes of the stream of {@code seed}, as one array. */
    public static byte[] bytes(long seed, int length) {
        byte[] data = new byte[length];
        new SeededStream(seed).fill(ByteBuffer.wrap(data));
        return data;
    }

    /** Fills {@code dst}'s remaining space with the next bytes of the stream; returns how many. */
    public int fill(ByteBuffer dst) {
        int count = dst.remaining();
        for (int i = 0; i < count; i++) {
            dst.put(byteAt(seed, position++));
        }
        return count;
    }

    /** Puts the next {@code count} bytes into {@code dst} (which must have room). */
    public void fill(ByteBuffer dst, int count) {
        int limit = dst.limit();
        dst.limit(dst.position() + count);
        fill(dst);
        dst.limit(limit);
    }

    /** Skips {@code count} bytes (produced elsewhere, e.g. already in a pending write buffer). */
    public void skip(long count) {
        position += count;
    }

    /** Bytes produced so far: the offset of the next byte. */
    public long position() {
        return position;
    }

    public long seed() {
        return seed;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
