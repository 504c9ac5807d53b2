package dev.niotls.tls.context;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;

/** A seeded pseudo-random byte stream, written on one side and checked by digest on the other. */
final class SeededStream {
    private SeededStream() {
    }

    static byte[] write(OutputStream out, long seed, int length) throws IOException {
        Random random = new Random(seed);
        MessageDigest digest = sha256();
        byte[] chunk = new byte[4096];
        for (int left = length; left > 0; ) {
            int n = Math.min(left, 1 + random.nextInt(chunk.length));
            random.nextBytes(chunk);
            out.write(chunk, 0, n);
            digest.update(chunk, 0, n);
            left -= n;
        }
        out.flush();
        return digest.digest();
    }

    /** Reads exactly {@code length} bytes and returns their digest. */
    static byte[] read(InputStream in, int length) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[8192];
        for (int left = length; left > 0; ) {
            int n = in.read(buffer, 0, Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("EOF with " + left + " bytes missing");
            }
            digest.update(buffer, 0, n);
            left -= n;
        }
        return digest.digest();
    }

    /** The digest the writer of ({@code seed}, {@code length}) computes. */
    static byte[] expected(long seed, int length) {
        try {
            return write(OutputStream.nullOutputStream(), seed, length);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
