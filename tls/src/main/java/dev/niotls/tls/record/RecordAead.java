package dev.niotls.tls.record;

import java.security.GeneralSecurityException;

/**
 * The AEAD of a TLS 1.3 cipher suite (RFC 8446 section 5.2), in place in a record's array: the five
 * header bytes are the additional data, the plaintext (content plus inner type and padding) is
 * encrypted where it lies and the 16-byte tag written behind it; opening works the other way round.
 * Implementations hold no key and no per-connection state: the JDK {@code Cipher} is one per thread,
 * initialised with the connection's key and the record's nonce for every record, as Bouncy Castle does.
 */
interface RecordAead {
    /** RFC 8446 section 5.2: AES-GCM and ChaCha20-Poly1305 both have a 16-byte tag. */
    int TAG_LENGTH = 16;
    /** RFC 8446 section 5.3: the per-record nonce is as long as the IV, 12 bytes for every suite here. */
    int NONCE_LENGTH = 12;

    /** Key length in bytes (16 or 32). */
    int keyLength();

    /** The JCA name of the key ("AES", "ChaCha20"). */
    String keyAlgorithm();

    /**
     * Encrypts {@code length} bytes at {@code offset} in place and writes the tag behind them.
     *
     * @param aadOffset where the five header bytes are (the additional data)
     * @return the ciphertext length, {@code length + TAG_LENGTH}
     */
    int seal(javax.crypto.SecretKey key, byte[] nonce, byte[] buf, int aadOffset, int offset, int length)
            throws GeneralSecurityException;

    /**
     * Decrypts and authenticates {@code length} bytes (ciphertext and tag) at {@code offset} in place.
     *
     * @return the plaintext length, {@code length - TAG_LENGTH}
     * @throws GeneralSecurityException when the record does not authenticate
     */
    int open(javax.crypto.SecretKey key, byte[] nonce, byte[] buf, int aadOffset, int offset, int length)
            throws GeneralSecurityException;

    /** The AEAD of a TLS 1.3 suite niotls runs itself, or null (the connection then stays on Bouncy Castle). */
    static RecordAead forCipherSuite(int cipherSuite) {
        switch (cipherSuite) {
            case 0x1301: // TLS_AES_128_GCM_SHA256
                return JdkAead.AES_128_GCM;
            case 0x1302: // TLS_AES_256_GCM_SHA384
                return JdkAead.AES_256_GCM;
            case 0x1303: // TLS_CHACHA20_POLY1305_SHA256
                return JdkAead.CHACHA20_POLY1305.isAvailable() ? JdkAead.CHACHA20_POLY1305 : null;
            default:
                return null;
        }
    }

    /** The hash of a TLS 1.3 suite's key schedule: its HMAC name for HKDF. */
    static String hmacForCipherSuite(int cipherSuite) {
        return cipherSuite == 0x1302 ? "HmacSHA384" : "HmacSHA256";
    }
}
