package dev.niotls.tls.context;

import dev.niotls.tls.context.Identity.KeyKind;
import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * Turns an {@link Identity} into Bouncy Castle signing credentials for one handshake, for TLS 1.2 and 1.3
 * alike, and Bouncy Castle certificates back into JDK ones.
 */
final class Credentials {
    /**
     * One X.509 factory per thread, made once instead of looked up in the provider list per handshake (issue 11);
     * {@code CertificateFactory} promises nothing about concurrent use.
     */
    private static final ThreadLocal<java.security.cert.CertificateFactory> X509_FACTORY = ThreadLocal.withInitial(
            () -> {
                try {
                    return java.security.cert.CertificateFactory.getInstance("X.509");
                } catch (CertificateException e) {
                    throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
                }
            });

    private Credentials() {
    }

    /**
     * Credentials for the first of {@code candidates} that can sign with one of {@code peerAlgorithms}, or null.
     *
     * @param requestContext the TLS 1.3 certificate_request_context (empty for a server); ignored for TLS 1.2
     */
    @SuppressWarnings("rawtypes")
    static TlsCredentialedSigner signer(TlsContext context, List<Identity> candidates, Vector peerAlgorithms,
            byte[] requestContext) throws IOException {
        Identity identity = choose(context, candidates, peerAlgorithms);
        return identity == null ? null : signer(context, identity, peerAlgorithms, requestContext, null);
    }

    /** The first of {@code candidates} that can sign with one of {@code peerAlgorithms}, or null. */
    @SuppressWarnings("rawtypes")
    static Identity choose(TlsContext context, List<Identity> candidates, Vector peerAlgorithms) {
        boolean tls13 = TlsUtils.isTLSv13(context);
        for (Identity identity : candidates) {
            if (SignatureSchemes.choose(identity.keyKind(), tls13, peerAlgorithms) != null) {
                return identity;
            }
        }
        return null;
    }

    /**
     * Credentials of {@code identity} (which {@link #choose} picked).
     *
     * @param leafStatus TLS 1.3: the CertificateStatus to put in the leaf's CertificateEntry as its
     *     status_request extension (RFC 8446 section 4.4.2.1), or null
     */
    static TlsCredentialedSigner signer(TlsContext context, Identity identity, Vector peerAlgorithms,
            byte[] requestContext, org.bouncycastle.tls.CertificateStatus leafStatus) throws IOException {
        boolean tls13 = TlsUtils.isTLSv13(context);
        SignatureAndHashAlgorithm algorithm = SignatureSchemes.choose(identity.keyKind(), tls13, peerAlgorithms);
        return identity.prepared(context.getCrypto()).signer(algorithm, tls13, requestContext, leafStatus);
    }

    /**
     * Whether one of {@code candidates} can sign with one of {@code peerAlgorithms}: what {@link #signer} would find,
     * without building credentials (checked before the ServerHello, SPEC A4).
     */
    @SuppressWarnings("rawtypes")
    static boolean canSign(List<Identity> candidates, boolean tls13, Vector peerAlgorithms) {
        for (Identity identity : candidates) {
            if (SignatureSchemes.choose(identity.keyKind(), tls13, peerAlgorithms) != null) {
                return true;
            }
        }
        return false;
    }

    /** Keeps only the identities whose key kind suits a TLS 1.2 ECDHE_ECDSA or ECDHE_RSA suite. */
    static List<Identity> ofKind(List<Identity> candidates, boolean rsa) {
        List<Identity> matching = new ArrayList<>();
        for (Identity identity : candidates) {
            if ((identity.keyKind() == KeyKind.RSA) == rsa) {
                matching.add(identity);
            }
        }
        return matching;
    }

    /**
     * TLS 1.2 (RFC 5246 7.4.4): only identities whose key type the server listed in certificate_types; TLS 1.3
     * requests carry no types (null), the signature algorithms decide.
     */
    static List<Identity> acceptedBy(org.bouncycastle.tls.CertificateRequest request, List<Identity> identities) {
        short[] types = request.getCertificateTypes();
        if (types == null) {
            return identities;
        }
        List<Identity> accepted = new ArrayList<>();
        for (Identity identity : identities) {
            short wanted = identity.keyKind() == KeyKind.RSA ? org.bouncycastle.tls.ClientCertificateType.rsa_sign
                    : org.bouncycastle.tls.ClientCertificateType.ecdsa_sign;
            for (short type : types) {
                if (type == wanted) {
                    accepted.add(identity);
                    break;
                }
            }
        }
        return accepted;
    }

    /** Our chain in the crypto's representation: parsed once per identity, shared by every handshake. */
    static TlsCertificate[] parse(TlsCrypto crypto, List<X509Certificate> chain) throws IOException {
        TlsCertificate[] certificates = new TlsCertificate[chain.size()];
        for (int i = 0; i < certificates.length; i++) {
            try {
                byte[] encoded = chain.get(i).getEncoded();
                // Bouncy Castle's own certificate would DER-encode itself again for every Certificate message.
                certificates[i] = crypto instanceof BcTlsCrypto ? new EncodedCertificate((BcTlsCrypto) crypto, encoded)
                        : crypto.createCertificate(encoded);
            } catch (CertificateEncodingException e) {
                throw new TlsFatalAlert(AlertDescription.internal_error, e);
            }
        }
        return certificates;
    }

    /** The peer's chain as JDK certificates, leaf first. */
    static List<X509Certificate> toX509(Certificate certificate) throws IOException {
        if (certificate == null) {
            return new ArrayList<>();
        }
        byte[][] encodings = new byte[certificate.getLength()][];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = certificate.getCertificateAt(i).getEncoded();
        }
        return toX509(encodings);
    }

    /** Certificates parsed from their encodings, in order. */
    static List<X509Certificate> toX509(byte[][] encodings) throws IOException {
        List<X509Certificate> chain = new ArrayList<>(encodings.length);
        try {
            java.security.cert.CertificateFactory factory = X509_FACTORY.get();
            for (byte[] encoded : encodings) {
                chain.add((X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(encoded)));
            }
        } catch (CertificateException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "unparsable peer certificate", e);
        }
        return chain;
    }
}
