package dev.niotls.tls.record;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A traffic key the connection can wipe. {@code SecretKeySpec} cannot be destroyed on Java 17 (its
 * {@code destroy()} throws), so a replaced key would stay in the heap until the GC reuses the memory;
 * RFC 8446 section 4.6.3 wants a replaced key deleted. The JDK's ciphers read the key through
 * {@link #getEncoded()} (a copy they wipe after expanding it).
 */
final class RecordKey implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final String algorithm;
    private final byte[] key;
    private boolean destroyed;

    RecordKey(String algorithm, byte[] key) {
        this.algorithm = algorithm;
        this.key = key;
    }

    @Override
    public String getAlgorithm() {
        return algorithm;
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("the key was destroyed");
        }
        return key.clone();
    }

    /** Overwrites the key bytes with zeros. */
    @Override
    public void destroy() {
        Arrays.fill(key, (byte) 0);
        destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }
}
