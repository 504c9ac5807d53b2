package dev.niotls.tls.context;

import java.io.IOException;
import java.security.MessageDigest;
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
import javax.crypto.Mac;
import org.bouncycastle.tls.crypto.TlsHMAC;
import org.bouncycastle.tls.crypto.TlsHash;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsHash;
import org.bouncycastle.tls.crypto.impl.jcajce.JceTlsHMAC;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;
import org.bouncycastle.tls.EncryptionAlgorithm;

/**
 * Bouncy Castle's {@link JcaTlsCrypto} over the JDK's providers, with what the hybrid crypto shares: AES-GCM and
 * ChaCha20-Poly1305 records on the thread's JDK cipher ({@link BorrowedAead}; BC's own JCA glue has no
 * ChaCha20-Poly1305 on the JDK's providers), one nonce generator per thread, and hashes and HMACs cloned from
 * prototypes instead of looked up in the provider list per handshake (SPEC section 8).
 */
final class JdkTlsCrypto extends JcaTlsCrypto {
    private static final boolean CHACHA_AVAILABLE = PerThreadCrypto.isAvailable(
            PerThreadCrypto.Algorithm.CHACHA20_POLY1305);

    private final TlsNonceGenerator nonceGenerator;

    private JdkTlsCrypto(JcaJceHelper helper, JcaJceHelper altHelper, SecureRandom keyRandom,
            SecureRandom nonceRandom) {
        super(helper, altHelper, keyRandom, nonceRandom);
        this.nonceGenerator = new ThreadNonceGenerator(nonceRandom);
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
        TlsCipher borrowing = HybridTlsCrypto.createBorrowingCipher(cryptoParams, encryptionAlgorithm);
        return borrowing != null ? borrowing : super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
    }

    @Override
    public TlsNonceGenerator createNonceGenerator(byte[] additionalSeedMaterial) {
        return nonceGenerator;
    }

    @Override
    public TlsHash createHash(int cryptoHashAlgorithm) {
        MessageDigest digest = JdkDigests.newMessageDigest(cryptoHashAlgorithm);
        return digest != null ? new JcaTlsHash(digest) : super.createHash(cryptoHashAlgorithm);
    }

    @Override
    public TlsHMAC createHMACForHash(int cryptoHashAlgorithm) {
        Mac mac = JdkDigests.newMac(cryptoHashAlgorithm);
        return mac != null ? new JceTlsHMAC(cryptoHashAlgorithm, mac, mac.getAlgorithm())
                : super.createHMACForHash(cryptoHashAlgorithm);
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

    /** Reuses {@link JcaTlsCryptoProvider}'s nonce entropy source while creating our subclass. */
    private static final class Provider extends JcaTlsCryptoProvider {
        @Override
        public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
            return new JdkTlsCrypto(getHelper(), getAltHelper(), keyRandom, nonceRandom);
        }
    }
}
