package dev.niotls.tls.context;

import dev.niotls.tls.context.PerThreadCrypto.Algorithm;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.tls.CertificateType;
import org.bouncycastle.tls.EncryptionAlgorithm;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCipher;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.TlsDHConfig;
import org.bouncycastle.tls.crypto.TlsDHDomain;
import org.bouncycastle.tls.crypto.TlsECConfig;
import org.bouncycastle.tls.crypto.TlsECDomain;
import org.bouncycastle.tls.crypto.TlsHMAC;
import org.bouncycastle.tls.crypto.TlsHash;
import org.bouncycastle.tls.crypto.TlsNonceGenerator;
import org.bouncycastle.tls.crypto.TlsSecret;
import org.bouncycastle.tls.crypto.impl.TlsAEADCipher;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsHash;
import org.bouncycastle.tls.crypto.impl.jcajce.JceTlsHMAC;

/**
 * Bouncy Castle's lightweight crypto for key exchange and signatures, the JDK for everything HotSpot makes fast:
 * BC's X25519 and P-256 ECDSA are several times faster than the JDK 17's, while BC's pure-Java AES-GCM is about
 * 25 times slower than the JDK's intrinsics (SPEC section 8) and its pure-Java SHA-2 (SHA-384's {@code LongDigest}
 * above all) was the largest Bouncy Castle cost after the curves in a handshake profile (issue 11).
 *
 * <ul>
 *   <li>Transcript hashes ({@link #createHash}) are JDK {@code MessageDigest}s cloned from a prototype.</li>
 *   <li>HMAC ({@link #createHMACForHash}: Finished, TLS 1.3's binder) is the JDK's {@code Mac}, cloned likewise.</li>
 *   <li>HKDF and the TLS 1.2 PRF run in {@link JdkTlsSecret} on the thread's JDK {@code Mac}; BC's other digest
 *       users (its signers' RFC 6979 nonces) get JDK digests through {@link #createDigest}.</li>
 *   <li>AES-GCM and ChaCha20-Poly1305 records borrow the thread's JDK {@code Cipher} ({@link BorrowedAead}).</li>
 *   <li>Nonces come from one generator per thread ({@link ThreadNonceGenerator}), not one per connection.</li>
 *   <li>Certificates keep their encoding ({@link EncodedCertificate}) instead of re-encoding on each request.</li>
 * </ul>
 *
 * <p>The JDK objects only ever see raw bytes derived by BC's key schedule, so mixing is safe.
 */
final class HybridTlsCrypto extends BcTlsCrypto {
    private static final boolean CHACHA_AVAILABLE = PerThreadCrypto.isAvailable(Algorithm.CHACHA20_POLY1305);

    private final TlsNonceGenerator nonceGenerator;

    HybridTlsCrypto(SecureRandom random) {
        super(random);
        this.nonceGenerator = new ThreadNonceGenerator(random);
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
        TlsCipher borrowing = createBorrowingCipher(cryptoParams, encryptionAlgorithm);
        return borrowing != null ? borrowing : super.createCipher(cryptoParams, encryptionAlgorithm, macAlgorithm);
    }

    /** AES-GCM and ChaCha20-Poly1305 records on the thread's JDK cipher, or null for other algorithms. */
    static TlsCipher createBorrowingCipher(TlsCryptoParameters cryptoParams, int encryptionAlgorithm)
            throws IOException {
        switch (encryptionAlgorithm) {
            case EncryptionAlgorithm.AES_128_GCM:
                return new TlsAEADCipher(cryptoParams, BorrowedAead.aesGcm(true), BorrowedAead.aesGcm(false),
                        16, 16, TlsAEADCipher.AEAD_GCM, null);
            case EncryptionAlgorithm.AES_256_GCM:
                return new TlsAEADCipher(cryptoParams, BorrowedAead.aesGcm(true), BorrowedAead.aesGcm(false),
                        32, 16, TlsAEADCipher.AEAD_GCM, null);
            case EncryptionAlgorithm.CHACHA20_POLY1305:
                if (!CHACHA_AVAILABLE) {
                    return null;
                }
                return new TlsAEADCipher(cryptoParams, BorrowedAead.chaCha20Poly1305(true),
                        BorrowedAead.chaCha20Poly1305(false), 32, 16, TlsAEADCipher.AEAD_CHACHA20_POLY1305, null);
            default:
                return null;
        }
    }

    /**
     * The peer's certificates keep the bytes they came in ({@link EncodedCertificate}): verification, the session's
     * facts and the session snapshot each ask for them, and Bouncy Castle would DER-encode the parsed tree each time.
     */
    @Override
    public TlsCertificate createCertificate(short type, byte[] encoding) throws IOException {
        return type == CertificateType.X509 ? new EncodedCertificate(this, encoding)
                : super.createCertificate(type, encoding);
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
    public Digest createDigest(int cryptoHashAlgorithm) {
        Digest digest = JdkDigests.newDigest(cryptoHashAlgorithm);
        return digest != null ? digest : super.createDigest(cryptoHashAlgorithm);
    }

    @Override
    public Digest cloneDigest(int cryptoHashAlgorithm, Digest digest) {
        Digest copy = JdkDigests.copy(digest);
        return copy != null ? copy : super.cloneDigest(cryptoHashAlgorithm, digest);
    }

    @Override
    public TlsHMAC createHMACForHash(int cryptoHashAlgorithm) {
        javax.crypto.Mac mac = JdkDigests.newMac(cryptoHashAlgorithm);
        return mac != null ? new JceTlsHMAC(cryptoHashAlgorithm, mac, mac.getAlgorithm())
                : super.createHMACForHash(cryptoHashAlgorithm);
    }

    /**
     * X25519, X448 and ECDH as Bouncy Castle computes them, but the shared secret comes out as a {@link JdkTlsSecret}:
     * BC's agreements make a plain {@code BcTlsSecret}, whose TLS 1.2 master secret derivation would run BC's
     * {@code HMac} instead of the JDK's (issue 11). TLS 1.3 extracts from it with HKDF either way.
     */
    @Override
    public TlsECDomain createECDomain(TlsECConfig ecConfig) {
        TlsECDomain domain = super.createECDomain(ecConfig);
        return domain == null ? null : () -> new JdkSecretAgreement(this, domain.createECDH());
    }

    /** The same for finite-field DHE (RFC 7919 groups). */
    @Override
    public TlsDHDomain createDHDomain(TlsDHConfig dhConfig) {
        TlsDHDomain domain = super.createDHDomain(dhConfig);
        return domain == null ? null : () -> new JdkSecretAgreement(this, domain.createDH());
    }

    /** Secrets made here run HKDF on the JDK's HMAC, and so does every secret derived from them. */
    @Override
    public TlsSecret createSecret(byte[] data) {
        return new JdkTlsSecret(this, org.bouncycastle.util.Arrays.clone(data));
    }

    @Override
    public TlsSecret hkdfInit(int cryptoHashAlgorithm) {
        return new JdkTlsSecret(this, new byte[org.bouncycastle.tls.crypto.TlsCryptoUtils
                .getHashOutputSize(cryptoHashAlgorithm)]);
    }
}
