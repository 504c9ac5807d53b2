package dev.niotls.tls.context;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.AlgorithmParameterSpec;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.bouncycastle.tls.crypto.TlsStreamSigner;
import org.bouncycastle.tls.crypto.TlsStreamVerifier;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.bouncycastle.tls.EncryptionAlgorithm;

/**
 * Bouncy Castle's {@link JcaTlsCrypto} over the JDK's providers, plus ChaCha20-Poly1305 through the JDK's cipher
 * ({@link JdkChaCha20Poly1305}). Bulk AES-GCM goes through the JDK's intrinsics (SPEC section 8).
 */
final class JdkTlsCrypto extends JcaTlsCrypto {
    private static final boolean CHACHA_AVAILABLE = JdkChaCha20Poly1305.isAvailable();

    private JdkTlsCrypto(JcaJceHelper helper, JcaJceHelper altHelper, SecureRandom keyRandom,
            SecureRandom nonceRandom) {
        super(helper, altHelper, keyRandom, nonceRandom);
    }

    /**
     * A crypto over the JDK's providers. The random is passed explicitly: {@code create(null)} would look for the
     * Bouncy Castle provider's "DEFAULT" SecureRandom and fail without it (SPEC section 8).
     */
    static JcaTlsCrypto create(SecureRandom random) {
        return new Provider().create(random);
    }

    @Override
    public boolean hasEncryptionAlgorithm(int encryptionAlgorithm) {
        if (encryptionAlgorithm == EncryptionAlgorithm.CHACHA20_POLY1305) {
            return CHACHA_AVAILABLE;
        }
        return super.hasEncryptionAlgorithm(encryptionAlgorithm);
    }

    @Override
    public TlsCipher createCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm, int macAlgorithm)
            throws IOException {
        if (encryptionAlgorithm == EncryptionAlgorithm.CHACHA20_POLY1305) {
            return createChaCha20Poly1305(cryptoParams);
        }
        return super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
    }

    /*
     * RSA-PSS: Bouncy Castle asks the provider for "SHA256withRSAandMGF1" (a BC-provider name) and, failing that,
     * for "SHA256withRSASSA-PSS"; the JDK's SunRsaSign knows only "RSASSA-PSS" plus a PSSParameterSpec, which BC
     * passes anyway. Without this mapping every rsa_pss_* signature (mandatory for RSA certificates in TLS 1.3)
     * fails with internal_error on JDK-only providers.
     */

    @Override
    protected TlsStreamSigner createStreamSigner(String algorithmName, AlgorithmParameterSpec parameter,
            PrivateKey privateKey, boolean needsRandom) throws IOException {
        return super.createStreamSigner(jdkName(algorithmName, parameter), parameter, privateKey, needsRandom);
    }

    @Override
    protected TlsStreamVerifier createStreamVerifier(String algorithmName, AlgorithmParameterSpec parameter,
            byte[] signature, PublicKey publicKey) throws IOException {
        return super.createStreamVerifier(jdkName(algorithmName, parameter), parameter, signature, publicKey);
    }

    @Override
    protected Tls13Verifier createTls13Verifier(String algorithmName, AlgorithmParameterSpec parameter,
            PublicKey publicKey) throws IOException {
        return super.createTls13Verifier(jdkName(algorithmName, parameter), parameter, publicKey);
    }

    private static String jdkName(String algorithmName, AlgorithmParameterSpec parameter) {
        boolean pss = parameter != null && algorithmName.toUpperCase(java.util.Locale.ROOT).endsWith("ANDMGF1");
        return pss ? "RSASSA-PSS" : algorithmName;
    }

    static TlsCipher createChaCha20Poly1305(TlsCryptoParameters cryptoParams) throws IOException {
        try {
            return new TlsAEADCipher(cryptoParams, new JdkChaCha20Poly1305(true), new JdkChaCha20Poly1305(false),
                    32, 16, TlsAEADCipher.AEAD_CHACHA20_POLY1305, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("ChaCha20-Poly1305 unavailable: " + e.getMessage(), e);
        }
    }

    /** Reuses {@link JcaTlsCryptoProvider}'s nonce entropy source while creating our subclass. */
    private static final class Provider extends JcaTlsCryptoProvider {
        @Override
        public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
            return new JdkTlsCrypto(getHelper(), getAltHelper(), keyRandom, nonceRandom);
        }
    }
}
