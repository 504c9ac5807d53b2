package dev.niotls.tls.context;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.tls.CertificateStatus;
import org.bouncycastle.tls.CertificateStatusType;

/**
 * The OCSP response a server staples for one identity (RFC 6066 section 8, RFC 8446 section 4.4.2.1): the
 * file behind nginx's {@code ssl_stapling_file}. Loaded and checked against the leaf certificate when the
 * context is built; a response that does not match the certificate, is not "successful" or has expired is
 * not stapled and says why in {@link #problem()}. One that expires while the server runs stops being sent
 * at its nextUpdate.
 */
final class OcspStaple {
    private static final System.Logger LOG = System.getLogger(OcspStaple.class.getName());

    private final Path file;
    private final CertificateStatus status;
    /** Epoch millis after which the response is stale (its nextUpdate), or Long.MAX_VALUE when it has none. */
    private final long notAfter;
    private final String problem;
    private volatile boolean expiryLogged;

    private OcspStaple(Path file, CertificateStatus status, long notAfter, String problem) {
        this.file = file;
        this.status = status;
        this.notAfter = notAfter;
        this.problem = problem;
    }

    /**
     * Reads {@code file} (a DER OCSPResponse, as {@code openssl ocsp -respout} writes) and checks it against
     * {@code chain}'s leaf.
     *
     * @throws UncheckedIOException naming the file if it cannot be read (a missing file is a configuration
     *         error that fails {@code build()}; a response that does not fit is only not stapled)
     */
    static OcspStaple load(Path file, List<X509Certificate> chain) {
        byte[] der;
        try {
            der = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("OCSP response " + file + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("OCSP response " + file + ": cannot read: " + e.getMessage(), e);
        }
        X509Certificate leaf = chain.get(0);
        try {
            OCSPResp response = new OCSPResp(der);
            String problem = mismatch(response, chain, new Date());
            long notAfter = Long.MAX_VALUE;
            CertificateStatus status = null;
            if (problem == null) {
                SingleResp single = OcspCheck.findSingle((BasicOCSPResp) response.getResponseObject(), leaf,
                        chain.size() > 1 ? chain.get(1) : null);
                notAfter = single.getNextUpdate() == null ? Long.MAX_VALUE : single.getNextUpdate().getTime();
                status = new CertificateStatus(CertificateStatusType.ocsp,
                        org.bouncycastle.asn1.ocsp.OCSPResponse.getInstance(der));
            } else {
                problem = "OCSP response " + file + " not stapled: " + problem;
                LOG.log(System.Logger.Level.WARNING, problem);
            }
            return new OcspStaple(file, status, notAfter, problem);
        } catch (IOException | OCSPException | IllegalArgumentException | ClassCastException e) {
            String problem = "OCSP response " + file + " not stapled: not a DER OCSP response (" + e.getMessage() + ")";
            LOG.log(System.Logger.Level.WARNING, problem);
            return new OcspStaple(file, null, 0, problem);
        }
    }

    private static String mismatch(OCSPResp response, List<X509Certificate> chain, Date now) throws OCSPException {
        if (response.getStatus() != OCSPResp.SUCCESSFUL) {
            return "the responder answered with status " + OcspCheck.responseStatusName(response.getStatus());
        }
        if (!(response.getResponseObject() instanceof BasicOCSPResp)) {
            return "not a basic OCSP response";
        }
        BasicOCSPResp basic = (BasicOCSPResp) response.getResponseObject();
        X509Certificate leaf = chain.get(0);
        if (OcspCheck.findSingle(basic, leaf, chain.size() > 1 ? chain.get(1) : null) == null) {
            return "it is for another certificate, not " + leaf.getSubjectX500Principal().getName() + " (serial "
                    + leaf.getSerialNumber().toString(16) + ")";
        }
        SingleResp single = OcspCheck.findSingle(basic, leaf, chain.size() > 1 ? chain.get(1) : null);
        if (single.getNextUpdate() != null && single.getNextUpdate().before(now)) {
            return "it expired at " + single.getNextUpdate().toInstant() + " (nextUpdate)";
        }
        return null;
    }

    /** Why this response is not stapled, or null when it is. */
    public String problem() {
        return problem;
    }

    /** The response to staple now, or null (none fits, or it has expired since it was loaded). */
    CertificateStatus current() {
        if (status == null) {
            return null;
        }
        if (System.currentTimeMillis() > notAfter) {
            if (!expiryLogged) {
                expiryLogged = true;
                LOG.log(System.Logger.Level.WARNING, "OCSP response " + file + " expired at "
                        + java.time.Instant.ofEpochMilli(notAfter) + "; no longer stapled until it is replaced");
            }
            return null;
        }
        return status;
    }

    /** The DER of the TLS CertificateStatus structure (status_type ocsp + response), for TLS 1.3. */
    static byte[] encode(CertificateStatus status) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        status.encode(out);
        return out.toByteArray();
    }

    /** Parses what a TLS 1.3 CertificateEntry's status_request extension carries. */
    static CertificateStatus decode(org.bouncycastle.tls.TlsContext context, byte[] extension) throws IOException {
        return CertificateStatus.parse(context, new ByteArrayInputStream(extension));
    }
}
