package dev.niotls.tls.context;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Set;

/**
 * A certificate chain and its private key: what OpenSSL's {@code SSL_CTX_use_certificate_chain_file} plus
 * {@code SSL_CTX_use_PrivateKey_file} load. Immutable; {@link #of} refuses a key that does not match the
 * certificate ({@code SSL_CTX_check_private_key}).
 */
public final class Identity {
    private final List<X509Certificate> chain;
    private final PrivateKey privateKey;
    private final KeyKind keyKind;
    private final Set<String> hostNames;
    /** The key as Bouncy Castle's lightweight API wants it, converted once on first use (BC/hybrid backends). */
    private volatile org.bouncycastle.crypto.params.AsymmetricKeyParameter lightweightKey;
    private volatile PreparedCredentials prepared;
    /** The OCSP response stapled for this identity's leaf, or null (RFC 6066 section 8). */
    private final OcspStaple ocsp;

    private Identity(List<X509Certificate> chain, PrivateKey privateKey, KeyKind keyKind, OcspStaple ocsp) {
        this.chain = chain;
        this.privateKey = privateKey;
        this.keyKind = keyKind;
        this.hostNames = HostNames.dnsNamesOf(chain.get(0));
        this.ocsp = ocsp;
    }

    /** This identity with {@code staple} as its OCSP response. */
    Identity withOcsp(OcspStaple staple) {
        return new Identity(chain, privateKey, keyKind, staple);
    }

    /** The OCSP response loaded for this identity (stapled or not, see {@link OcspStaple#problem()}), or null. */
    public OcspStaple ocsp() {
        return ocsp;
    }

    /**
     * Checks and wraps a chain (leaf first) and its key.
     *
     * @throws IllegalArgumentException naming the problem: empty chain, unsupported key, or a key that does
     *         not belong to the leaf certificate
     */
    public static Identity of(List<X509Certificate> chain, PrivateKey privateKey, String origin) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException(origin + ": no certificate");
        }
        KeyKind kind = KeyKind.of(privateKey, origin);
        X509Certificate leaf = chain.get(0);
        if (!KeyKind.of(leaf.getPublicKey(), origin).equals(kind) || !signsForCertificate(privateKey, leaf, kind)) {
            throw new IllegalArgumentException(origin + ": the private key does not match the certificate "
                    + leaf.getSubjectX500Principal().getName());
        }
        return new Identity(List.copyOf(chain), privateKey, kind, null);
    }

    /** The same test {@code SSL_CTX_check_private_key} makes, done by signing: works for every key type. */
    private static boolean signsForCertificate(PrivateKey privateKey, X509Certificate leaf, KeyKind kind) {
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(kind.probeSignature());
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(kind.probeSignature());
            verifier.initVerify(leaf.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public List<X509Certificate> chain() {
        return chain;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    org.bouncycastle.crypto.params.AsymmetricKeyParameter lightweightKey() throws java.io.IOException {
        org.bouncycastle.crypto.params.AsymmetricKeyParameter key = lightweightKey;
        if (key == null) {
            key = org.bouncycastle.crypto.util.PrivateKeyFactory.createKey(privateKey.getEncoded());
            lightweightKey = key;
        }
        return key;
    }

    /**
     * The chain, Certificate messages and signers for {@code crypto}, made once and then shared: sessions in the cache
     * keep a reference to the local certificate, so per-handshake copies would multiply the cache's memory, and
     * every handshake would re-encode the chain and rebuild its signer (issue 11).
     */
    PreparedCredentials prepared(org.bouncycastle.tls.crypto.TlsCrypto crypto) throws java.io.IOException {
        PreparedCredentials current = prepared;
        if (current == null || current.crypto != crypto) {
            current = new PreparedCredentials(crypto, this);
            prepared = current;
        }
        return current;
    }

    /** The chain as the crypto's certificate objects (an identity normally serves one context, hence one crypto). */
    org.bouncycastle.tls.crypto.TlsCertificate[] tlsCertificates(org.bouncycastle.tls.crypto.TlsCrypto crypto)
            throws java.io.IOException {
        return prepared(crypto).certificates();
    }

    public KeyKind keyKind() {
        return keyKind;
    }

    /** Whether this identity's leaf certificate names {@code serverName} (SAN DNS, wildcards, CN fallback). */
    public boolean serves(String serverName) {
        return HostNames.matchesAny(hostNames, serverName);
    }

    /** The kinds of private key niotls signs with, and what each implies for cipher suites and signatures. */
    public enum KeyKind {
        RSA("SHA256withRSA"),
        EC_P256("SHA256withECDSA"),
        EC_P384("SHA384withECDSA"),
        EC_P521("SHA512withECDSA");

        private final String probeSignature;

        KeyKind(String probeSignature) {
            this.probeSignature = probeSignature;
        }

        String probeSignature() {
            return probeSignature;
        }

        static KeyKind of(java.security.Key key, String origin) {
            if (key instanceof RSAKey) {
                return RSA;
            }
            if (key instanceof ECKey) {
                int bits = ((ECKey) key).getParams().getCurve().getField().getFieldSize();
                switch (bits) {
                    case 256: return EC_P256;
                    case 384: return EC_P384;
                    case 521: return EC_P521;
                    default: break;
                }
            }
            throw new IllegalArgumentException(origin + ": unsupported key " + key.getAlgorithm()
                    + " (RSA and EC P-256/P-384/P-521 are supported)");
        }
    }
}
