package dev.niotls.tls.record;

import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * One direction's record protection state (RFC 8446 sections 5.3 and 7.3): the traffic secret, the key and IV
 * derived from it, and the sequence number. A KeyUpdate replaces all of it in place; the old secret and key are
 * overwritten with zeros, not left for the garbage collector (section 4.6.3, SPEC L4).
 *
 * <p>It is its own JCA key: {@code SecretKeySpec} cannot be wiped on Java 17 (its {@code destroy()} throws), and
 * one object per direction instead of three keeps an idle connection small. The JDK's ciphers read the key
 * through {@link #getEncoded()} (a copy they wipe after expanding it). The IV lives in two fields, not an array.
 */
final class TrafficKeys implements SecretKey {
    private static final long serialVersionUID = 1L;

    private final String keyAlgorithm;
    private byte[] secret;
    private byte[] key;
    /** The IV (12 bytes): its first four bytes, and the eight the sequence number is xored into. */
    private int ivHigh;
    private long ivLow;
    private long sequence;
    private boolean destroyed;

    /** Takes ownership of {@code secret} (it is wiped when replaced). */
    TrafficKeys(RecordAead aead, String hmac, byte[] secret) {
        this.keyAlgorithm = aead.keyAlgorithm();
        install(aead, hmac, secret);
    }

    /** RFC 8446 section 7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length). */
    void update(RecordAead aead, String hmac) {
        byte[] next = KeySchedule.expandLabel(hmac, secret, "traffic upd", KeySchedule.hashLength(hmac));
        wipe();
        install(aead, hmac, next);
    }

    private void install(RecordAead aead, String hmac, byte[] newSecret) {
        this.secret = newSecret;
        this.key = KeySchedule.expandLabel(hmac, newSecret, "key", aead.keyLength());
        byte[] iv = KeySchedule.expandLabel(hmac, newSecret, "iv", RecordAead.NONCE_LENGTH);
        this.ivHigh = (int) bigEndian(iv, 0, 4);
        this.ivLow = bigEndian(iv, 4, 8);
        Arrays.fill(iv, (byte) 0);
        this.sequence = 0;
        this.destroyed = false;
    }

    private static long bigEndian(byte[] bytes, int offset, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        return value;
    }

    /** Section 5.3: the nonce of the next record, the IV xor the 64-bit sequence number (left-padded). */
    void nonce(byte[] out) {
        long low = ivLow ^ sequence;
        for (int i = 0; i < 4; i++) {
            out[i] = (byte) (ivHigh >>> (24 - 8 * i));
        }
        for (int i = 0; i < 8; i++) {
            out[4 + i] = (byte) (low >>> (56 - 8 * i));
        }
    }

    long sequence() {
        return sequence;
    }

    void advance() {
        sequence++;
    }

    /** Overwrites the secret, key and IV with zeros (the connection closed or the keys are replaced). */
    void wipe() {
        Arrays.fill(secret, (byte) 0);
        Arrays.fill(key, (byte) 0);
        ivHigh = 0;
        ivLow = 0;
        destroyed = true;
    }

    @Override
    public String getAlgorithm() {
        return keyAlgorithm;
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

    @Override
    public void destroy() {
        wipe();
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    // For the RFC 8448 tests.
    byte[] secretForTest() {
        return secret.clone();
    }

    byte[] keyForTest() {
        return key.clone();
    }

    byte[] ivForTest() {
        byte[] nonce = new byte[RecordAead.NONCE_LENGTH];
        long saved = sequence;
        sequence = 0;
        nonce(nonce);
        sequence = saved;
        return nonce;
    }
}
