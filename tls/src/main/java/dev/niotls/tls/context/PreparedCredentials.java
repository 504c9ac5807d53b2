package dev.niotls.tls.context;

import java.io.IOException;
import java.util.Hashtable;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateEntry;
import org.bouncycastle.tls.CertificateStatus;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

/**
 * One identity's chain, Certificate messages and signing credentials as one crypto uses them, built on first use and
 * shared by every handshake of the context (issue 11): what OpenSSL keeps in the {@code CERT_PKEY} of an
 * {@code SSL_CTX}. Immutable once built, so connections on any thread share it.
 *
 * <p>Bouncy Castle's credentialed signers take the connection's {@code TlsCryptoParameters} only to ask whether the
 * version is TLS 1.2 or later ({@code DefaultTlsCredentialedSigner.getEffectiveAlgorithm}); niotls negotiates nothing
 * older, so one signer per signature scheme serves every connection. Its {@code TlsSigner} makes the per-signature
 * objects (BC's {@code ECDSASigner} and RFC 6979 HMAC, or a JCA {@code Signature}) on each call.
 */
final class PreparedCredentials {
    final TlsCrypto crypto;
    private final Identity identity;
    private final TlsCertificate[] certificates;
    /** The TLS 1.2 Certificate message, and TLS 1.3's with an empty certificate_request_context. */
    private final Certificate tls12Message;
    private final Certificate tls13Message;
    /** TLS 1.3 with the leaf's OCSP response in its CertificateEntry (RFC 8446 4.4.2.1), built on first use. */
    private volatile Stapled stapled;
    /** Keyed by signature scheme, TLS 1.3 or not, stapled or not (see {@link #key}). */
    private final ConcurrentHashMap<Integer, TlsCredentialedSigner> signers = new ConcurrentHashMap<>();

    PreparedCredentials(TlsCrypto crypto, Identity identity) throws IOException {
        this.crypto = crypto;
        this.identity = identity;
        this.certificates = Credentials.parse(crypto, identity.chain());
        this.tls12Message = new Certificate(certificates);
        this.tls13Message = tls13Certificate(TlsUtils.EMPTY_BYTES, null);
    }

    TlsCertificate[] certificates() {
        return certificates;
    }

    /**
     * Credentials that sign with {@code algorithm} and send our chain: shared ones for a server's handshake and a
     * client's answer in the main handshake, new ones for a TLS 1.3 post-handshake request (its own
     * certificate_request_context).
     *
     * @param requestContext TLS 1.3's certificate_request_context, or null (TLS 1.2, and a server)
     * @param leafStatus TLS 1.3: the OCSP response for the leaf's CertificateEntry, or null
     */
    TlsCredentialedSigner signer(SignatureAndHashAlgorithm algorithm, boolean tls13, byte[] requestContext,
            CertificateStatus leafStatus) throws IOException {
        if (tls13 && requestContext != null && requestContext.length > 0) {
            return newSigner(tls13Certificate(requestContext, leafStatus), algorithm);
        }
        Certificate message = !tls13 ? tls12Message : leafStatus == null ? tls13Message : stapled(leafStatus);
        if (!shareable(algorithm)) {
            return newSigner(message, algorithm);
        }
        int key = key(algorithm, tls13, leafStatus != null);
        TlsCredentialedSigner signer = signers.get(key);
        if (signer == null || signer.getCertificate() != message) {
            signer = newSigner(message, algorithm);
            signers.put(key, signer);
        }
        return signer;
    }

    private static int key(SignatureAndHashAlgorithm algorithm, boolean tls13, boolean stapled) {
        return SignatureScheme.from(algorithm) << 2 | (tls13 ? 2 : 0) | (stapled ? 1 : 0);
    }

    /**
     * Bouncy Castle's JCA signer for RSA PKCS#1 v1.5 ({@code JcaTlsRSASigner}) keeps its {@code Signature} in a field
     * between calls: not shareable between threads. Every other signer of both cryptos keeps only its key.
     */
    private boolean shareable(SignatureAndHashAlgorithm algorithm) {
        return !(crypto instanceof JcaTlsCrypto) || algorithm.getSignature() != SignatureAlgorithm.rsa;
    }

    /** The stapled TLS 1.3 message for {@code status}: an identity's staple hands out one status object. */
    private Certificate stapled(CertificateStatus status) throws IOException {
        Stapled current = stapled;
        if (current == null || current.status != status) {
            current = new Stapled(status, tls13Certificate(TlsUtils.EMPTY_BYTES, status));
            stapled = current;
        }
        return current.certificate;
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private Certificate tls13Certificate(byte[] requestContext, CertificateStatus leafStatus) throws IOException {
        CertificateEntry[] entries = new CertificateEntry[certificates.length];
        for (int i = 0; i < entries.length; i++) {
            Hashtable extensions = null;
            if (i == 0 && leafStatus != null) {
                extensions = new Hashtable();
                extensions.put(TlsExtensionsUtils.EXT_status_request, OcspStaple.encode(leafStatus));
            }
            entries[i] = new CertificateEntry(certificates[i], extensions);
        }
        return new Certificate(requestContext, entries);
    }

    private TlsCredentialedSigner newSigner(Certificate message, SignatureAndHashAlgorithm algorithm)
            throws IOException {
        if (crypto instanceof JcaTlsCrypto) {
            return new SharedJcaSigner((JcaTlsCrypto) crypto, identity.privateKey(), message, algorithm);
        }
        return new SharedBcSigner((BcTlsCrypto) crypto, identity.lightweightKey(), message, algorithm);
    }

    /** A stapled TLS 1.3 message and the response it carries. */
    private record Stapled(CertificateStatus status, Certificate certificate) {
    }

    /** Bouncy Castle's signer without a connection: TLS 1.2 and 1.3 always name the algorithm (RFC 5246 7.4.1.4.1). */
    private static final class SharedBcSigner extends BcDefaultTlsCredentialedSigner {
        SharedBcSigner(BcTlsCrypto crypto, AsymmetricKeyParameter key, Certificate certificate,
                SignatureAndHashAlgorithm algorithm) {
            super(null, crypto, key, certificate, algorithm);
        }

        @Override
        protected SignatureAndHashAlgorithm getEffectiveAlgorithm() {
            return signatureAndHashAlgorithm;
        }
    }

    /** The same for the JDK backend. */
    private static final class SharedJcaSigner extends JcaDefaultTlsCredentialedSigner {
        SharedJcaSigner(JcaTlsCrypto crypto, java.security.PrivateKey key, Certificate certificate,
                SignatureAndHashAlgorithm algorithm) {
            super(null, crypto, key, certificate, algorithm);
        }

        @Override
        protected SignatureAndHashAlgorithm getEffectiveAlgorithm() {
            return signatureAndHashAlgorithm;
        }
    }
}
