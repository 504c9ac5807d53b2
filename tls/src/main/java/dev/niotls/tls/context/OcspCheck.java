package dev.niotls.tls.context;

import java.io.IOException;
import java.io.OutputStream;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Checks a stapled OCSP response the way a client must (RFC 6960 sections 3.2 and 4.2.2.2): it is about the
 * server's leaf, signed by the leaf's issuer or by a responder the issuer delegated to (a certificate it
 * issued with the id-kp-OCSPSigning extended key usage), says "good", and is current (thisUpdate not in the
 * future, nextUpdate not in the past, five minutes of clock skew allowed either way). Every failure names
 * its reason.
 */
final class OcspCheck {
    private static final long SKEW_MILLIS = 5 * 60 * 1000L;
    private static final DigestCalculatorProvider DIGESTS = new BcDigestCalculatorProvider();

    private OcspCheck() {
    }

    /**
     * The client's check of {@code requireStapledOcsp()}: finds the stapled response (TLS 1.2 CertificateStatus,
     * TLS 1.3 the leaf's CertificateEntry status_request extension) and verifies it.
     *
     * @throws org.bouncycastle.tls.TlsFatalAlert bad_certificate_status_response (RFC 6066 section 8) with the
     *         reason, a {@link CertificateException} as its cause
     */
    static void checkStapled(org.bouncycastle.tls.TlsContext context,
            org.bouncycastle.tls.TlsServerCertificate serverCertificate, List<X509Certificate> chain,
            Collection<X509Certificate> trusted) throws IOException {
        org.bouncycastle.tls.CertificateStatus status = serverCertificate.getCertificateStatus();
        if (status == null && org.bouncycastle.tls.TlsUtils.isTLSv13(context)) {
            java.util.Hashtable<?, ?> extensions =
                    serverCertificate.getCertificate().getCertificateEntryAt(0).getExtensions();
            Object data = extensions == null ? null
                    : extensions.get(org.bouncycastle.tls.TlsExtensionsUtils.EXT_status_request);
            if (data != null) {
                status = OcspStaple.decode(context, (byte[]) data);
            }
        }
        try {
            if (status == null || status.getStatusType() != org.bouncycastle.tls.CertificateStatusType.ocsp) {
                throw new CertificateException("the server stapled no OCSP response (requireStapledOcsp)");
            }
            verify(status.getOCSPResponse().getEncoded(), chain, trusted, new Date());
        } catch (CertificateException e) {
            throw new org.bouncycastle.tls.TlsFatalAlert(
                    org.bouncycastle.tls.AlertDescription.bad_certificate_status_response, e.getMessage(), e);
        }
    }

    /**
     * @param der the OCSPResponse as stapled
     * @param chain the server's chain, leaf first (already verified)
     * @param trusted where the leaf's issuer is looked for when the server sent the leaf alone
     * @throws CertificateException naming why the response is not acceptable
     */
    static void verify(byte[] der, List<X509Certificate> chain, Collection<X509Certificate> trusted, Date now)
            throws CertificateException {
        X509Certificate leaf = chain.get(0);
        X509Certificate issuer = chain.size() > 1 ? chain.get(1) : issuerAmong(leaf, trusted);
        if (issuer == null) {
            throw new CertificateException("stapled OCSP response: the issuer of " + subject(leaf) + " is unknown");
        }
        try {
            OCSPResp response = new OCSPResp(der);
            if (response.getStatus() != OCSPResp.SUCCESSFUL) {
                throw new CertificateException("stapled OCSP response: the responder answered "
                        + responseStatusName(response.getStatus()));
            }
            Object object = response.getResponseObject();
            if (!(object instanceof BasicOCSPResp)) {
                throw new CertificateException("stapled OCSP response: not a basic OCSP response");
            }
            BasicOCSPResp basic = (BasicOCSPResp) object;
            checkSignature(basic, issuer);
            SingleResp single = findSingle(basic, leaf, issuer);
            if (single == null) {
                throw new CertificateException("stapled OCSP response: it is about another certificate, not "
                        + subject(leaf) + " (serial " + leaf.getSerialNumber().toString(16) + ")");
            }
            checkStatus(single);
            checkTimes(single, now);
        } catch (IOException | OCSPException e) {
            throw new CertificateException("stapled OCSP response: unparsable (" + e.getMessage() + ")", e);
        }
    }

    private static void checkSignature(BasicOCSPResp basic, X509Certificate issuer) throws CertificateException,
            OCSPException {
        if (signedBy(basic, issuer)) {
            return;
        }
        for (X509CertificateHolder holder : basic.getCerts()) {
            X509Certificate responder = new JcaX509CertificateConverter().getCertificate(holder);
            if (isDelegatedResponder(responder, issuer) && signedBy(basic, responder)) {
                return;
            }
        }
        throw new CertificateException("stapled OCSP response: not signed by " + subject(issuer)
                + " nor by a responder it delegated to (id-kp-OCSPSigning)");
    }

    private static boolean isDelegatedResponder(X509Certificate responder, X509Certificate issuer) {
        try {
            responder.verify(issuer.getPublicKey());
            responder.checkValidity();
            List<String> usages = responder.getExtendedKeyUsage();
            return usages != null && usages.contains(KeyPurposeId.id_kp_OCSPSigning.getId());
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean signedBy(BasicOCSPResp basic, X509Certificate signer) throws OCSPException {
        try {
            return basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(signer.getPublicKey()));
        } catch (OperatorCreationException e) {
            return false;
        }
    }

    private static void checkStatus(SingleResp single) throws CertificateException {
        Object status = single.getCertStatus();
        if (status == org.bouncycastle.cert.ocsp.CertificateStatus.GOOD) {
            return;
        }
        if (status instanceof RevokedStatus) {
            throw new CertificateException("stapled OCSP response: the certificate was revoked at "
                    + ((RevokedStatus) status).getRevocationTime().toInstant());
        }
        throw new CertificateException("stapled OCSP response: the certificate's status is unknown to the responder");
    }

    private static void checkTimes(SingleResp single, Date now) throws CertificateException {
        if (single.getThisUpdate().getTime() > now.getTime() + SKEW_MILLIS) {
            throw new CertificateException("stapled OCSP response: not yet valid (thisUpdate "
                    + single.getThisUpdate().toInstant() + ")");
        }
        Date next = single.getNextUpdate();
        if (next != null && next.getTime() < now.getTime() - SKEW_MILLIS) {
            throw new CertificateException("stapled OCSP response: expired (nextUpdate " + next.toInstant() + ")");
        }
    }

    /**
     * The single response about {@code leaf}: same serial number and issuer name hash, and, when the issuer is
     * known, the same issuer key hash.
     */
    static SingleResp findSingle(BasicOCSPResp basic, X509Certificate leaf, X509Certificate issuer) {
        for (SingleResp single : basic.getResponses()) {
            CertificateID id = single.getCertID();
            if (id.getSerialNumber().equals(leaf.getSerialNumber()) && issuerNameMatches(id, leaf)
                    && (issuer == null || issuerMatches(id, issuer))) {
                return single;
            }
        }
        return null;
    }

    private static boolean issuerNameMatches(CertificateID id, X509Certificate leaf) {
        try {
            DigestCalculator digest = DIGESTS.get(new AlgorithmIdentifier(id.getHashAlgOID()));
            try (OutputStream out = digest.getOutputStream()) {
                out.write(leaf.getIssuerX500Principal().getEncoded());
            }
            return Arrays.equals(digest.getDigest(), id.getIssuerNameHash());
        } catch (OperatorCreationException | IOException e) {
            return false;
        }
    }

    private static boolean issuerMatches(CertificateID id, X509Certificate issuer) {
        try {
            return id.matchesIssuer(new JcaX509CertificateHolder(issuer), DIGESTS);
        } catch (OCSPException | java.security.cert.CertificateEncodingException e) {
            return false;
        }
    }

    private static X509Certificate issuerAmong(X509Certificate leaf, Collection<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (candidate.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                try {
                    leaf.verify(candidate.getPublicKey());
                    return candidate;
                } catch (java.security.GeneralSecurityException e) {
                    // same name, other key: keep looking
                }
            }
        }
        return null;
    }

    static String responseStatusName(int status) {
        switch (status) {
            case OCSPResp.MALFORMED_REQUEST: return "malformedRequest";
            case OCSPResp.INTERNAL_ERROR: return "internalError";
            case OCSPResp.TRY_LATER: return "tryLater";
            case OCSPResp.SIG_REQUIRED: return "sigRequired";
            case OCSPResp.UNAUTHORIZED: return "unauthorized";
            default: return "status " + status;
        }
    }

    private static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
