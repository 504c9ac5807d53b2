package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.context.PeerVerifier.Purpose;
import dev.niotls.tls.context.TestPki.Issued;
import dev.niotls.tls.context.TestPki.KeyType;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * H2: the client verifies the server's chain and name (and a server its clients' chains) by default, failing
 * with OpenSSL's alert for each X509_V_ERR case, a reason text, and a CertificateException cause.
 */
@Timeout(120)
class VerificationTest {
    private static Issued root;
    private static Issued intermediate;
    private static PeerVerifier trustingRoot;

    @BeforeAll
    static void pki() throws Exception {
        root = TestPki.root("Verification Root", KeyType.EC);
        intermediate = TestPki.intermediate("Verification Intermediate", root, KeyType.EC);
        trustingRoot = PeerVerifier.trusting(List.of(root.certificate()));
    }

    @Test
    void H2_validChainThroughIntermediatePasses() throws Exception {
        Issued leaf = TestPki.leaf(intermediate, KeyType.EC, "www.example.test", "10.1.2.3");
        trustingRoot.verify(leaf.chain(), "www.example.test", Purpose.SERVER);
        trustingRoot.verify(leaf.chain(), "WWW.Example.Test.", Purpose.SERVER);
        trustingRoot.verify(leaf.chain(), "10.1.2.3", Purpose.SERVER);
        trustingRoot.verify(leaf.chain(), null, Purpose.SERVER);
        PeerVerifier.trusting(List.of(intermediate.certificate())).verify(leaf.chain(), "www.example.test",
                Purpose.SERVER);
    }

    @Test
    void H2_expiredIsCertificateExpired() throws Exception {
        Issued leaf = TestPki.leaf(intermediate, KeyType.EC, Duration.ofDays(-30), Duration.ofDays(-1), "a.test");
        TlsFatalAlert failure = failure(trustingRoot, leaf, "a.test");
        assertEquals(AlertDescription.certificate_expired, failure.getAlertDescription());
        assertTrue(failure.getMessage().contains("certificate expired"), failure.getMessage());
    }

    @Test
    void H2_notYetValidIsBadCertificate() throws Exception {
        Issued leaf = TestPki.leaf(intermediate, KeyType.EC, Duration.ofDays(1), Duration.ofDays(30), "a.test");
        TlsFatalAlert failure = failure(trustingRoot, leaf, "a.test");
        assertEquals(AlertDescription.bad_certificate, failure.getAlertDescription());
        assertTrue(failure.getMessage().contains("not yet valid"), failure.getMessage());
    }

    @Test
    void H2_wrongHostIsNameMismatch() throws Exception {
        Issued leaf = TestPki.leaf(intermediate, KeyType.EC, "a.test", "*.wild.test", "10.0.0.1");
        for (String wrong : new String[] {"b.test", "wild.test", "x.y.wild.test", "10.0.0.2", "a.test.evil"}) {
            TlsFatalAlert failure = failure(trustingRoot, leaf, wrong);
            assertEquals(AlertDescription.bad_certificate, failure.getAlertDescription());
            assertTrue(failure.getMessage().contains("name mismatch"), failure.getMessage());
        }
        trustingRoot.verify(leaf.chain(), "x.wild.test", Purpose.SERVER);
    }

    @Test
    void H2_unknownIssuerIsUnknownCa() throws Exception {
        Issued otherRoot = TestPki.root("Other Root", KeyType.EC);
        Issued leaf = TestPki.leaf(TestPki.intermediate("Other Intermediate", otherRoot, KeyType.EC),
                KeyType.EC, "a.test");
        TlsFatalAlert failure = failure(trustingRoot, leaf, "a.test");
        assertEquals(AlertDescription.unknown_ca, failure.getAlertDescription());
        assertTrue(failure.getMessage().contains("unknown issuer"), failure.getMessage());
    }

    @Test
    void H2_selfSignedWithoutTrustIsUnknownCa() throws Exception {
        Identity selfSigned = SelfSigned.generate(List.of("a.test"));
        TlsFatalAlert failure = assertThrows(TlsFatalAlert.class,
                () -> trustingRoot.verify(selfSigned.chain(), "a.test", Purpose.SERVER));
        assertEquals(AlertDescription.unknown_ca, failure.getAlertDescription());
        assertTrue(failure.getMessage().contains("self-signed certificate not trusted"), failure.getMessage());
        assertInstanceOf(CertificateException.class, failure.getCause());
    }

    @Test
    void H2_wrongExtendedKeyUsageIsUnsupportedCertificate() throws Exception {
        Issued clientOnly = TestPki.leafFor(intermediate, KeyPurposeId.id_kp_clientAuth, "a.test");
        TlsFatalAlert failure = failure(trustingRoot, clientOnly, "a.test");
        assertEquals(AlertDescription.unsupported_certificate, failure.getAlertDescription());
        trustingRoot.verify(clientOnly.chain(), null, Purpose.CLIENT);
    }

    @Test
    void H2_keyUsageWithoutDigitalSignatureIsUnsupportedCertificate() throws Exception {
        Issued leaf = TestPki.leafWithoutSigningUsage(intermediate, "a.test");
        TlsFatalAlert failure = failure(trustingRoot, leaf, "a.test");
        assertEquals(AlertDescription.unsupported_certificate, failure.getAlertDescription());
        assertTrue(failure.getMessage().contains("key usage"), failure.getMessage());
    }

    @Test
    void H2_emptyTrustTrustsNothing() throws Exception {
        Issued leaf = TestPki.leaf(intermediate, KeyType.EC, "a.test");
        TlsFatalAlert failure = failure(PeerVerifier.trusting(List.of()), leaf, "a.test");
        assertEquals(AlertDescription.unknown_ca, failure.getAlertDescription());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void H2_expiredServerFailsTheHandshakeWithTheAlertOnBothSides(String protocol) throws Exception {
        Issued leaf = TestPki.leaf(intermediate, KeyType.EC, Duration.ofDays(-30), Duration.ofDays(-1), "a.test");
        TlsContext server = TlsContext.server().keyStore(keyStore(leaf), "pw".toCharArray()).build();
        TlsContext client = TlsContext.client().trust(root.certificate()).protocols(protocol).build();
        TlsFatalAlert failure = assertThrows(TlsFatalAlert.class, () -> BcPair.run(server, client, "a.test"));
        assertEquals(AlertDescription.certificate_expired, failure.getAlertDescription());
        assertInstanceOf(CertificateException.class, failure.getCause());
        TlsFatalAlertReceived received = (TlsFatalAlertReceived) failure.getSuppressed()[0];
        assertEquals(AlertDescription.certificate_expired, received.getAlertDescription());
    }

    @Test
    void H2_clientWithoutTrustUsesTheJdkDefaultAndRejectsSelfSigned() throws Exception {
        assertTrue(TrustSources.jdkDefault().size() > 10, "the JDK's cacerts has public roots");
        TlsContext server = TlsContext.server().selfSigned("localhost").build();
        TlsFatalAlert failure = assertThrows(TlsFatalAlert.class,
                () -> BcPair.run(server, TlsContext.client().build(), "localhost"));
        assertEquals(AlertDescription.unknown_ca, failure.getAlertDescription());
        TlsFatalAlert explicit = assertThrows(TlsFatalAlert.class,
                () -> BcPair.run(server, TlsContext.client().trustSystemDefault().build(), "localhost"));
        assertEquals(AlertDescription.unknown_ca, explicit.getAlertDescription());
    }

    @Test
    void H2_trustFromKeyStoreAndTrustAll() throws Exception {
        Issued leaf = TestPki.leaf(intermediate, KeyType.RSA, "a.test");
        TlsContext server = TlsContext.server().keyStore(keyStore(leaf), "pw".toCharArray()).build();
        KeyStore trust = KeyStore.getInstance("JKS");
        trust.load(null, null);
        trust.setCertificateEntry("root", root.certificate());
        BcPair.run(server, TlsContext.client().trustKeyStore(trust).build(), "a.test");
        BcPair.run(server, TlsContext.client().insecureTrustAll().build(), "wrong.name");
        assertFalse(PeerVerifier.trusting(List.of(root.certificate())).isTrustAll());
    }

    static KeyStore keyStore(Issued leaf) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("leaf", leaf.key(), "pw".toCharArray(),
                leaf.chain().toArray(new java.security.cert.X509Certificate[0]));
        return store;
    }

    private static TlsFatalAlert failure(PeerVerifier verifier, Issued leaf, String name) {
        TlsFatalAlert failure = assertThrows(TlsFatalAlert.class,
                () -> verifier.verify(leaf.chain(), name, Purpose.SERVER));
        assertInstanceOf(CertificateException.class, failure.getCause());
        return failure;
    }
}
