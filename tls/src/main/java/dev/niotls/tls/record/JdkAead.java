package dev.niotls.tls.record;

import dev.niotls.tls.context.PerThreadCrypto;
import dev.niotls.tls.context.PerThreadCrypto.Algorithm;
import java.security.GeneralSecurityException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * The JDK's AES-GCM (with its AES-NI/CLMUL intrinsics) and ChaCha20-Poly1305 behind {@link RecordAead}.
 * One {@link Cipher} per thread, algorithm and direction (L3), borrowed from {@link PerThreadCrypto} (the one
 * per-thread crypto cache, shared with the handshake's crypto): a reactor loop is one thread, so its connections
 * share them, re-initialised with the connection's key and the record's nonce before each record.
 *
 * <p>What remains allocated per record is the JDK's own: on Java 17, {@code init}, {@code updateAAD} (its AAD
 * buffer) and {@code doFinal} of AES-GCM allocate about 1 KB per record inside the provider.
 */
final class JdkAead implements RecordAead {
    static final JdkAead AES_128_GCM = new JdkAead(Algorithm.AES_GCM, "AES", 16);
    static final JdkAead AES_256_GCM = new JdkAead(Algorithm.AES_GCM, "AES", 32);
    static final JdkAead CHACHA20_POLY1305 = new JdkAead(Algorithm.CHACHA20_POLY1305, "ChaCha20", 32);

    private final Algorithm algorithm;
    private final String keyAlgorithm;
    private final int keyLength;

    private JdkAead(Algorithm algorithm, String keyAlgorithm, int keyLength) {
        this.algorithm = algorithm;
        this.keyAlgorithm = keyAlgorithm;
        this.keyLength = keyLength;
    }

    @Override
    public int keyLength() {
        return keyLength;
    }

    @Override
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    boolean isAvailable() {
        return PerThreadCrypto.isAvailable(algorithm);
    }

    @Override
    public int seal(SecretKey key, byte[] nonce, byte[] buf, int aadOffset, int offset, int length)
            throws GeneralSecurityException {
        return crypt(Cipher.ENCRYPT_MODE, key, nonce, buf, aadOffset, offset, length);
    }

    @Override
    public int open(SecretKey key, byte[] nonce, byte[] buf, int aadOffset, int offset, int length)
            throws GeneralSecurityException {
        return crypt(Cipher.DECRYPT_MODE, key, nonce, buf, aadOffset, offset, length);
    }

    /**
     * Seals or opens in place, the 5-byte record header at {@code aadOffset} as the additional data. The thread's
     * cipher of that direction: the JDK's ChaCha20-Poly1305 refuses an init with the key and nonce of the previous
     * init in either mode, and a thread that runs both ends of a connection (a loop serving a client and its
     * server, an in-memory pair) opens each record with the key and nonce it was just sealed with.
     */
    private int crypt(int mode, SecretKey key, byte[] nonce, byte[] buf, int aadOffset, int offset, int length)
            throws GeneralSecurityException {
        Cipher cipher = PerThreadCrypto.cipher(algorithm, mode == Cipher.ENCRYPT_MODE);
        cipher.init(mode, key, parameters(nonce));
        cipher.updateAAD(buf, aadOffset, 5);
        return cipher.doFinal(buf, offset, length, buf, offset);
    }

    private AlgorithmParameterSpec parameters(byte[] nonce) {
        return algorithm == Algorithm.AES_GCM ? new GCMParameterSpec(TAG_LENGTH * 8, nonce) : new IvParameterSpec(nonce);
    }
}
