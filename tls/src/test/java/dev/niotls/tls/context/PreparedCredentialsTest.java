package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.niotls.tls.ContextPeers;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsContext.CryptoBackend;
import dev.niotls.tls.context.TestPki.Issued;
import dev.niotls.tls.context.TestPki.KeyType;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.ocsp.OCSPResponse;
import org.bouncycastle.asn1.ocsp.OCSPResponseStatus;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateStatus;
import org.bouncycastle.tls.CertificateStatusType;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An identity's Certificate messages and signers are built once per context and shared by its handshakes (issue 11),
 * and still right: each SNI name gets its own identity's chain, a TLS 1.3 post-handshake request its own context,
 * a stapled leaf its OCSP response; certificates hand out the bytes they were made from.
 */
@Timeout(120)
class PreparedCredentialsTest {
    private static final SignatureAndHashAlgorithm P256 = SignatureScheme.getSignatureAndHashAlgorithm(
            SignatureScheme.ecdsa_secp256r1_sha256);
    private static Issued root;
    private static Issued ecServer;
    private static Issued rsaServer;

    @BeforeAll
    static void pki() throws Exception {
        root = TestPki.root("Prepared Root", KeyType.EC);
        ecServer = TestPki.leaf(root, KeyType.EC, "ec.test");
        rsaServer = TestPki.leaf(root, KeyType.RSA, "rsa.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void eachSniNameGetsItsIdentitysChainFromOneSharedMessage(String protocol) throws Exception {
        TlsContext server = TlsContext.server().keyStore(VerificationTest.keyStore(ecServer), "pw".toCharArray())
                .keyStore(VerificationTest.keyStore(rsaServer), "pw".toCharArray()).build();
        TlsContext client = TlsContext.client().trust(root.certificate()).protocols(protocol).build();
        BcPair.Result ec1 = BcPair.run(server, client, "ec.test");
        BcPair.Result rsa1 = BcPair.run(server, client, "rsa.test");
        BcPair.Result ec2 = BcPair.run(server, client, "ec.test");
        BcPair.Result rsa2 = BcPair.run(server, client, "rsa.test");
        assertEquals(ecServer.certificate(), peerLeaf(ec1));
        assertEquals(ecServer.certificate(), peerLeaf(ec2));
        assertEquals(rsaServer.certificate(), peerLeaf(rsa1));
        assertEquals(rsaServer.certificate(), peerLeaf(rsa2));
        assertSame(ec1.server().getLocalCertificate(), ec2.server().getLocalCertificate(),
                "the second handshake sent the Certificate message the first one built");
        assertSame(rsa1.server().getLocalCertificate(), rsa2.server().getLocalCertificate());
        assertNotSame(ec1.server().getLocalCertificate(), rsa1.server().getLocalCertificate());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HYBRID", "BOUNCY_CASTLE", "JDK"})
    void signersAreSharedPerSchemeAndVersion(CryptoBackend backend) throws Exception {
        Identity identity = ecServer.identity();
        TlsCrypto crypto = ContextPeers.crypto(backend);
        PreparedCredentials prepared = identity.prepared(crypto);
        assertSame(prepared, identity.prepared(crypto), "built once per identity and crypto");
        TlsCredentialedSigner tls13 = prepared.signer(P256, true, TlsUtils.EMPTY_BYTES, null);
        assertSame(tls13, prepared.signer(P256, true, TlsUtils.EMPTY_BYTES, null));
        assertSame(tls13, prepared.signer(P256, true, null, null), "a server's handshake has no request context");
        TlsCredentialedSigner tls12 = prepared.signer(P256, false, null, null);
        assertSame(tls12, prepared.signer(P256, false, null, null));
        assertNotSame(tls12.getCertificate(), tls13.getCertificate());
        assertNull(tls12.getCertificate().getCertificateRequestContext(), "TLS 1.2's message has none");
        assertArrayEquals(TlsUtils.EMPTY_BYTES, tls13.getCertificate().getCertificateRequestContext());
        assertEquals(P256, tls13.getSignatureAndHashAlgorithm());
        assertEquals(identity.chain().size(), tls13.getCertificate().getLength());
    }

    @Test
    void aPostHandshakeRequestGetsItsOwnContext() throws Exception {
        PreparedCredentials prepared = hybrid();
        byte[] requestContext = {1, 2, 3};
        TlsCredentialedSigner answer = prepared.signer(P256, true, requestContext, null);
        assertArrayEquals(requestContext, answer.getCertificate().getCertificateRequestContext());
        assertNotSame(answer, prepared.signer(P256, true, requestContext, null), "never cached");
    }

    @Test
    void aStapledLeafCarriesItsResponseInAMessageOfItsOwn() throws Exception {
        PreparedCredentials prepared = hybrid();
        CertificateStatus status = new CertificateStatus(CertificateStatusType.ocsp,
                new OCSPResponse(new OCSPResponseStatus(OCSPResponseStatus.SUCCESSFUL), null));
        Certificate stapled = prepared.signer(P256, true, null, status).getCertificate();
        Certificate plain = prepared.signer(P256, true, null, null).getCertificate();
        assertSame(stapled, prepared.signer(P256, true, null, status).getCertificate());
        assertNotSame(stapled, plain);
        assertArrayEquals(OcspStaple.encode(status), TlsUtils.getExtensionData(
                stapled.getCertificateEntryList()[0].getExtensions(), TlsExtensionsUtils.EXT_status_request));
        assertNull(plain.getCertificateEntryList()[0].getExtensions());
    }

    @Test
    void certificatesHandOutACopyOfTheBytesTheyWereMadeFrom() throws Exception {
        TlsCrypto crypto = ContextPeers.crypto(CryptoBackend.HYBRID);
        byte[] encoded = ecServer.certificate().getEncoded();
        org.bouncycastle.tls.crypto.TlsCertificate certificate = crypto.createCertificate(encoded.clone());
        assertInstanceOf(EncodedCertificate.class, certificate);
        byte[] first = certificate.getEncoded();
        assertArrayEquals(encoded, first);
        first[0] ^= 1;
        assertArrayEquals(encoded, certificate.getEncoded(), "a caller's change stays its own");
        assertEquals(ecServer.certificate().getSerialNumber(), certificate.getSerialNumber());
    }

    private static PreparedCredentials hybrid() throws Exception {
        return ecServer.identity().prepared(ContextPeers.crypto(CryptoBackend.HYBRID));
    }

    private static X509Certificate peerLeaf(BcPair.Result result) throws Exception {
        return Credentials.toX509(result.client().getPeerCertificate()).get(0);
    }
}
