package dev.niotls.tls.record;

import java.util.Arrays;

/**
 * One direction's record protection state (RFC 8446 sections 5.3 and 7.3): the traffic secret, the key and IV
 * derived from it, and the sequence number. A KeyUpdate replaces all of it in place; the old secret and key are
 * overwritten with zeros, not left for the garbage collector (section 4.6.3).
 */
final class TrafficKeys {
    private final RecordAead aead;
    private final String hmac;
    private byte[] secret;
    private RecordKey key;
    private final byte[] iv = new byte[RecordAead.NONCE_LENGTH];
    private long sequence;

    /** Takes ownership of {@code secret} (it is wiped when replaced). */
    TrafficKeys(RecordAead aead, String hmac, byte[] secret) {
        this.aead = aead;
        this.hmac = hmac;
        install(secret);
    }

    /** RFC 8446 section 7.2: application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length). */
    void update() {
        byte[] next = KeySchedule.expandLabel(hmac, secret, "traffic upd", KeySchedule.hashLength(hmac));
        wipe();
        install(next);
    }

    private void install(byte[] newSecret) {
        this.secret = newSecret;
        this.key = new RecordKey(aead.keyAlgorithm(), KeySchedule.expandLabel(hmac, newSecret, "key", aead.keyLength()));
        byte[] newIv = KeySchedule.expandLabel(hmac, newSecret, "iv", RecordAead.NONCE_LENGTH);
        System.arraycopy(newIv, 0, iv, 0, iv.length);
        Arrays.fill(newIv, (byte) 0);
        this.sequence = 0;
    }

    /** Section 5.3: the nonce of the next record, the IV xor the 64-bit sequence number (left-padded). */
    void nonce(byte[] out) {
        System.arraycopy(iv, 0, out, 0, iv.length);
        long s = sequence;
        for (int i = iv.length - 1; i >= iv.length - 8; i--) {
            out[i] ^= (byte) s;
            s >>>= 8;
        }
    }

    RecordKey key() {
        return key;
    }

    long sequence() {
        return sequence;
    }

    void advance() {
        sequence++;
    }

    /** Overwrites the secret and key with zeros (the connection closed or the keys are replaced). */
    void wipe() {
        Arrays.fill(secret, (byte) 0);
        Arrays.fill(iv, (byte) 0);
        key.destroy();
    }

    // For the RFC 8448 tests.
    byte[] secretForTest() {
        return secret.clone();
    }

    byte[] keyForTest() {
        return key.getEncoded();
    }

    byte[] ivForTest() {
        return iv.clone();
    }
}
