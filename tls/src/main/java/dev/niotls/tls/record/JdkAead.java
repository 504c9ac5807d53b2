package dev.niotls.tls.record;

import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;

/**
 * The JDK's AES-GCM (with its AES-NI/CLMUL intrinsics) and ChaCha20-Poly1305 behind {@link RecordAead}.
 * One {@link Cipher} per thread, algorithm and direction (L3): a reactor loop is one thread, so its connections
 * share them, re-initialised with the connection's key and the record's nonce before each record.
 *
 * <p>What remains allocated per record is the JDK's own: on Java 17, {@code init}, {@code updateAAD} (its AAD
 * buffer) and {@code doFinal} of AES-GCM allocate about 1 KB per record inside the provider.
 */
final class JdkAead implements RecordAead {
    static final JdkAead AES_128_GCM = new JdkAead("AES/GCM/NoPadding", "AES", 16, true);
    static final JdkAead AES_256_GCM = new JdkAead("AES/GCM/NoPadding", "AES", 32, true);
    static final JdkAead CHACHA20_POLY1305 = new JdkAead("ChaCha20-Poly1305", "ChaCha20", 32, false);

    private final String transformation;
    private final String keyAlgorithm;
    private final int keyLength;
    private final boolean gcm;
    /**
     * Two per thread, one to seal and one to open: the JDK's ChaCha20-Poly1305 refuses an init with the key and
     * nonce of the previous init in either mode ("Matching key and nonce from previous initialization"), and a
     * thread that runs both ends of a connection (a loop serving a client and its server, an in-memory pair)
     * opens each record with the key and nonce it was just sealed with.
     */
    private final ThreadLocal<Cipher> sealers;
    private final ThreadLocal<Cipher> openers;

    private JdkAead(String transformation, String keyAlgorithm, int keyLength, boolean gcm) {
        this.transformation = transformation;
        this.keyAlgorithm = keyAlgorithm;
        this.keyLength = keyLength;
        this.gcm = gcm;
        this.sealers = ThreadLocal.withInitial(this::newCipher);
        this.openers = ThreadLocal.withInitial(this::newCipher);
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
        try {
            Cipher.getInstance(transformation);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public int seal(javax.crypto.SecretKey key, byte[] nonce, byte[] buf, int aadOffset, int offset, int length)
            throws GeneralSecurityException {
        Cipher cipher = sealers.get();
        cipher.init(Cipher.ENCRYPT_MODE, key, parameters(nonce));
        cipher.updateAAD(buf, aadOffset, 5);
        return cipher.doFinal(buf, offset, length, buf, offset);
    }

    @Override
    public int open(javax.crypto.SecretKey key, byte[] nonce, byte[] buf, int aadOffset, int offset, int length)
            throws GeneralSecurityException {
        Cipher cipher = openers.get();
        cipher.init(Cipher.DECRYPT_MODE, key, parameters(nonce));
        cipher.updateAAD(buf, aadOffset, 5);
        return cipher.doFinal(buf, offset, length, buf, offset);
    }

    private AlgorithmParameterSpec parameters(byte[] nonce) {
        return gcm ? new GCMParameterSpec(TAG_LENGTH * 8, nonce) : new IvParameterSpec(nonce);
    }

    private Cipher newCipher() {
        try {
            return Cipher.getInstance(transformation);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException(transformation + " is not available", e);
        }
    }
}
