package dev.niotls.samples;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A pseudo-random byte stream given by a seed, computable at any offset: byte {@code i} is byte
 * {@code i % 8} (little-endian) of SplitMix64 applied to the seed and the block {@code i / 8}. Sender
 * and receiver agree on every byte without sharing anything but the seed.
 */
final class SeededBytes {
    private SeededBytes() {
    }

    /** Byte {@code offset} of stream {@code seed}. */
    static byte byteAt(long seed, long offset) {
        return (byte) (block(seed, offset >>> 3) >>> ((offset & 7) << 3));
    }

    /** Fills {@code dst} (position to limit) with the stream from {@code offset}; advances its position. */
    static void fill(long seed, long offset, ByteBuffer dst) {
        long current = offset;
        while (dst.hasRemaining() && (current & 7) != 0) {
            dst.put(byteAt(seed, current++));
        }
        while (dst.remaining() >= 8) {
            dst.putLong(Long.reverseBytes(block(seed, current >>> 3))); // little-endian, as byteAt
            current += 8;
        }
        while (dst.hasRemaining()) {
            dst.put(byteAt(seed, current++));
        }
    }

    /** SHA-256 of the first {@code length} bytes of stream {@code seed}. */
    static byte[] digest(long seed, long length) {
        MessageDigest sha = sha256();
        ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
        for (long offset = 0; offset < length; offset += chunk.capacity()) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), length - offset));
            fill(seed, offset, chunk);
            sha.update(chunk.flip());
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

    /** SplitMix64 (Steele, Lea, Flood 2014) of block {@code index}. */
    private static long block(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
