package dev.niotls.tls.context;

import java.io.IOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * Bouncy Castle's lightweight crypto for key exchange, signatures, hashes and the key schedule, with the bulk
 * AEAD ciphers (AES-GCM, ChaCha20-Poly1305) taken from the JDK: BC's X25519/ECDSA code is several times faster
 * than the JDK 17's for handshakes, while BC's pure-Java AES-GCM is about 25 times slower than the JDK's
 * intrinsics (SPEC section 8).
 *
 * <p>The AEAD objects only ever see raw key bytes derived by BC's key schedule, so mixing is safe.
 */
final class HybridTlsCrypto extends BcTlsCrypto {
    private final JcaTlsCrypto bulk;

    HybridTlsCrypto(SecureRandom random) {
        super(random);
        this.bulk = JdkTlsCrypto.create(random);
    }

    @Override
    public boolean hasEncryptionAlgorithm(int encryptionAlgorithm) {
        return isJdkAead(encryptionAlgorithm) && bulk.hasEncryptionAlgorithm(encryptionAlgorithm)
                || super.hasEncryptionAlgorithm(encryptionAlgorithm);
    }

    @Override
    public TlsCipher createCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        if (isJdkAead(encryptionAlgorithm) && bulk.hasEncryptionAlgorithm(encryptionAlgorithm)) {
            return bulk.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
        }
        return super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
    }

    private static boolean isJdkAead(int encryptionAlgorithm) {
        return encryptionAlgorithm == EncryptionAlgorithm.AES_128_GCM
                || encryptionAlgorithm == EncryptionAlgorithm.AES_256_GCM
                || encryptionAlgorithm == EncryptionAlgorithm.CHACHA20_POLY1305;
    }
}
