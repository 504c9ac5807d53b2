package dev.niotls.tls.context;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;

/**
 * Verifies a peer's certificate chain: OpenSSL's {@code X509_verify_cert} as armed by {@code SSL_VERIFY_PEER}
 * and {@code SSL_set1_host}. Bouncy Castle's low-level API verifies nothing (SPEC H2), so niotls does it here:
 * validity dates of every certificate sent, a PKIX path to a trusted certificate (JDK's {@code CertPathBuilder},
 * which also checks signatures, CA basic constraints and key usage of the issuers), the leaf's extended key
 * usage, and the host name or IP address against the leaf's SAN.
 *
 * <p>A failure is a {@link TlsFatalAlert} with the alert OpenSSL sends for the same X509_V_ERR code
 * ({@code ssl_x509err2alert}), a reason text, and a {@link CertificateException} as cause; the connection maps
 * that to {@code CERTIFICATE_VERIFY_FAILED}.
 */
final class PeerVerifier {
    /** The extended key usage the peer's leaf must allow (OpenSSL's {@code X509_PURPOSE_SSL_SERVER/CLIENT}). */
    public enum Purpose {
        SERVER("1.3.6.1.5.5.7.3.1", "server"),
        CLIENT("1.3.6.1.5.5.7.3.2", "client");

        private final String keyPurposeOid;
        private final String role;

        Purpose(String keyPurposeOid, String role) {
            this.keyPurposeOid = keyPurposeOid;
            this.role = role;
        }
    }

    private static final System.Logger LOG = System.getLogger(PeerVerifier.class.getName());
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final PeerVerifier TRUST_ALL = new PeerVerifier(null);

    /** Null for trust-all; otherwise the trusted certificates (roots, intermediates or pinned leaves). */
    private final Set<X509Certificate> trusted;
    /**
     * One PKIX builder per thread instead of a provider look-up per handshake (issue 11). A builder keeps the
     * state of its current build in fields, so it is never shared between threads; each build starts afresh.
     */
    private static final ThreadLocal<CertPathBuilder> PKIX_BUILDER = ThreadLocal.withInitial(() -> {
        try {
            return CertPathBuilder.getInstance("PKIX");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no PKIX certificate path builder", e);
        }
    });
    private final Set<TrustAnchor> anchors;
    /** The subjects of {@code trusted}, for a server's CertificateRequest (RFC 8446 4.2.4, RFC 5246 7.4.4). */
    private final List<org.bouncycastle.asn1.x500.X500Name> authorityNames;
    /** Chains this verifier found a trusted path for (null for trust-all). */
    private final VerifiedChains verified;

    private PeerVerifier(Set<X509Certificate> trusted) {
        this.trusted = trusted;
        this.anchors = trusted == null ? null
                : trusted.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toUnmodifiableSet());
        this.verified = trusted == null ? null : new VerifiedChains();
        this.authorityNames = trusted == null ? List.of() : trusted.stream().map(c -> org.bouncycastle.asn1.x500.X500Name
                .getInstance(c.getSubjectX500Principal().getEncoded())).toList();
    }

    /** Verifies against {@code trusted}; an empty set trusts nothing (every verification fails). */
    public static PeerVerifier trusting(Collection<X509Certificate> trusted) {
        return new PeerVerifier(Set.copyOf(trusted));
    }

    /** Accepts any chain and any name: for tests only (SPEC H2, {@code SSL_VERIFY_NONE}). */
    public static PeerVerifier trustAll() {
        return TRUST_ALL;
    }

    public boolean isTrustAll() {
        return trusted == null;
    }

    /** The trusted certificates (the CA names a server may list in a CertificateRequest); empty for trust-all. */
    public Set<X509Certificate> trustedCertificates() {
        return trusted == null ? Set.of() : trusted;
    }

    /** The subjects of the trusted certificates as Bouncy Castle names (empty for trust-all). */
    public List<org.bouncycastle.asn1.x500.X500Name> authorityNames() {
        return authorityNames;
    }

    /**
     * Verifies the peer's Certificate message and returns its chain as JDK certificates (leaf first). A chain of the
     * same bytes verified before, none of whose certificates has expired since, is neither parsed nor path-built
     * again ({@link VerifiedChains}); its purpose and name are checked every time.
     *
     * @param expectedName the host name or IP literal the leaf must name, or null not to check a name
     * @throws TlsFatalAlert with the alert to send (bad_certificate for an unparsable certificate)
     */
    public List<X509Certificate> verify(org.bouncycastle.tls.Certificate peer, String expectedName, Purpose purpose)
            throws java.io.IOException {
        return verify(peer, expectedName, purpose, System.currentTimeMillis());
    }

    /** The same at {@code now} (milliseconds since the epoch): tests move the clock. */
    List<X509Certificate> verify(org.bouncycastle.tls.Certificate peer, String expectedName, Purpose purpose,
            long now) throws java.io.IOException {
        if (trusted == null || peer == null || peer.isEmpty()) {
            List<X509Certificate> chain = Credentials.toX509(peer);
            verify(chain, expectedName, purpose, new Date(now));
            return chain;
        }
        byte[][] encodings = new byte[peer.getLength()][];
        for (int i = 0; i < encodings.length; i++) {
            encodings[i] = peer.getCertificateAt(i).getEncoded();
        }
        VerifiedChains.Key key = VerifiedChains.key(encodings);
        List<X509Certificate> chain = verified.get(key, now);
        if (chain != null) {
            checkLeaf(chain.get(0), expectedName, purpose);
            return chain;
        }
        chain = Credentials.toX509(encodings);
        verify(chain, expectedName, purpose, new Date(now));
        return verified.put(key, chain);
    }

    /** How many verified chains this verifier keeps (tests). */
    int verifiedChains() {
        return verified == null ? 0 : verified.size();
    }

    /**
     * Verifies {@code chain} (leaf first, as sent).
     *
     * @param expectedName the host name or IP literal the leaf must name, or null not to check a name
     * @throws TlsFatalAlert with the alert to send and a {@link CertificateException} cause
     */
    public void verify(List<X509Certificate> chain, String expectedName, Purpose purpose) throws TlsFatalAlert {
        verify(chain, expectedName, purpose, new Date());
    }

    private void verify(List<X509Certificate> chain, String expectedName, Purpose purpose, Date now)
            throws TlsFatalAlert {
        if (trusted == null) {
            return;
        }
        if (chain.isEmpty()) {
            throw failure(AlertDescription.bad_certificate, "no certificate", new CertificateException("empty"));
        }
        for (X509Certificate certificate : chain) {
            checkValidity(certificate, now);
        }
        X509Certificate leaf = chain.get(0);
        if (!trusted.contains(leaf)) {
            buildPath(chain, now);
        }
        checkLeaf(leaf, expectedName, purpose);
    }

    /** What depends on the handshake, not on the chain alone: the leaf's purpose and name. */
    private static void checkLeaf(X509Certificate leaf, String expectedName, Purpose purpose) throws TlsFatalAlert {
        checkPurpose(leaf, purpose);
        if (expectedName != null && !HostNames.certificateMatches(leaf, expectedName)) {
            throw failure(AlertDescription.bad_certificate, "name mismatch: the certificate of "
                    + subject(leaf) + " is not valid for " + expectedName,
                    new CertificateException("no subject alternative name matches " + expectedName));
        }
    }

    private static void checkValidity(X509Certificate certificate, Date now) throws TlsFatalAlert {
        try {
            certificate.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw failure(AlertDescription.certificate_expired, "certificate expired: " + subject(certificate)
                    + " not valid after " + certificate.getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            // OpenSSL: X509_V_ERR_CERT_NOT_YET_VALID -> SSL_AD_BAD_CERTIFICATE
            throw failure(AlertDescription.bad_certificate, "certificate not yet valid: " + subject(certificate)
                    + " not valid before " + certificate.getNotBefore().toInstant(), e);
        }
    }

    private void buildPath(List<X509Certificate> chain, Date now) throws TlsFatalAlert {
        X509Certificate leaf = chain.get(0);
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            // No CRL/OCSP: OpenSSL does not check revocation unless X509_V_FLAG_CRL_CHECK is set either.
            parameters.setRevocationEnabled(false);
            parameters.setDate(now);
            // PKIX's default maxPathLength is 5 intermediates; the chain's length is already capped by the peer's
            // maxCertificateChainLength (Bouncy Castle refuses longer Certificate messages).
            parameters.setMaxPathLength(-1);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            PKIX_BUILDER.get().build(parameters);
        } catch (InvalidAlgorithmParameterException e) {
            // Thrown when the anchor set is empty: nothing is trusted.
            throw unknownIssuer(leaf, new CertificateException("no trusted certificate configured", e));
        } catch (GeneralSecurityException e) {
            throw unknownIssuer(leaf, new CertificateException(e.getMessage(), e));
        }
    }

    private static TlsFatalAlert unknownIssuer(X509Certificate leaf, CertificateException cause) {
        boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
        String reason = selfSigned
                ? "self-signed certificate not trusted: " + subject(leaf)
                : "unknown issuer: no trusted path from " + subject(leaf) + " issued by "
                        + leaf.getIssuerX500Principal().getName();
        // OpenSSL: DEPTH_ZERO_SELF_SIGNED_CERT and UNABLE_TO_GET_ISSUER_CERT_LOCALLY both -> SSL_AD_UNKNOWN_CA
        return failure(AlertDescription.unknown_ca, reason, cause);
    }

    private static void checkPurpose(X509Certificate leaf, Purpose purpose) throws TlsFatalAlert {
        boolean[] keyUsage = leaf.getKeyUsage();
        // ECDHE needs a signing key: digitalSignature (bit 0) when keyUsage is present (RFC 5280 4.2.1.3;
        // OpenSSL's check_purpose_ssl_server/client accepts digitalSignature, keyEncipherment or keyAgreement,
        // and niotls negotiates only signed key exchanges).
        if (keyUsage != null && !keyUsage[0]) {
            throw failure(AlertDescription.unsupported_certificate, "certificate key usage does not allow "
                    + "digital signatures: " + subject(leaf), new CertificateException("keyUsage without "
                    + "digitalSignature"));
        }
        List<String> usages;
        try {
            usages = leaf.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            throw failure(AlertDescription.bad_certificate, "unreadable extended key usage", e);
        }
        if (usages != null && !usages.contains(purpose.keyPurposeOid) && !usages.contains(ANY_EXTENDED_KEY_USAGE)) {
            // OpenSSL: X509_V_ERR_INVALID_PURPOSE -> SSL_AD_UNSUPPORTED_CERTIFICATE
            throw failure(AlertDescription.unsupported_certificate, "certificate not allowed for TLS "
                    + purpose.role + " authentication: " + subject(leaf),
                    new CertificateException("extended key usage " + usages));
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }

    private static TlsFatalAlert failure(short alert, String reason, CertificateException cause) {
        LOG.log(System.Logger.Level.DEBUG, "peer certificate rejected ({0}): {1}",
                org.bouncycastle.tls.AlertDescription.getName(alert), reason);
        return new TlsFatalAlert(alert, reason, cause);
    }
}
