package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.ContextPeers;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsContext.CryptoBackend;
import dev.niotls.tls.context.PeerVerifier.Purpose;
import dev.niotls.tls.context.TestPki.Issued;
import dev.niotls.tls.context.TestPki.KeyType;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * H2 with the verified-chain cache (issue 11): a chain verified once is neither parsed nor path-built again by the
 * same verifier, and still answers as the full verification would: the name and the purpose are checked on every
 * handshake, an expired certificate fails with certificate_expired, a failure is never remembered, the cache is
 * bounded and belongs to one trust configuration.
 */
@Timeout(120)
class VerifiedChainsTest {
    private static final TlsCrypto CRYPTO = ContextPeers.crypto(CryptoBackend.HYBRID);
    private static Issued root;
    private static Issued intermediate;
    private static Issued leaf;

    @BeforeAll
    static void pki() throws Exception {
        root = TestPki.root("Cache Root", KeyType.EC);
        intermediate = TestPki.intermediate("Cache Intermediate", root, KeyType.EC);
        leaf = TestPki.leaf(intermediate, KeyType.EC, "a.test");
    }

    @Test
    void H2_aVerifiedChainIsReusedAndItsNameStillChecked() throws Exception {
        PeerVerifier verifier = PeerVerifier.trusting(List.of(root.certificate()));
        List<X509Certificate> first = verifier.verify(message(leaf), "a.test", Purpose.SERVER);
        assertEquals(leaf.chain(), first);
        assertSame(first, verifier.verify(message(leaf), "a.test", Purpose.SERVER), "parsed and verified once");
        assertEquals(1, verifier.verifiedChains());
        TlsFatalAlert wrongName = assertThrows(TlsFatalAlert.class,
                () -> verifier.verify(message(leaf), "b.test", Purpose.SERVER));
        assertEquals(AlertDescription.bad_certificate, wrongName.getAlertDescription());
        assertTrue(wrongName.getMessage().contains("name mismatch"), wrongName.getMessage());
    }

    @Test
    void H2_theLeafsPurposeIsCheckedOnEveryUse() throws Exception {
        Issued clientOnly = TestPki.leafFor(intermediate, KeyPurposeId.id_kp_clientAuth, "client.test");
        PeerVerifier verifier = PeerVerifier.trusting(List.of(root.certificate()));
        verifier.verify(message(clientOnly), null, Purpose.CLIENT);
        TlsFatalAlert asServer = assertThrows(TlsFatalAlert.class,
                () -> verifier.verify(message(clientOnly), null, Purpose.SERVER));
        assertEquals(AlertDescription.unsupported_certificate, asServer.getAlertDescription());
    }

    @Test
    void H2_aCachedChainExpiresWithItsEarliestCertificate() throws Exception {
        Issued shortLived = TestPki.leaf(intermediate, KeyType.EC, Duration.ofDays(-1), Duration.ofDays(2), "a.test");
        PeerVerifier verifier = PeerVerifier.trusting(List.of(root.certificate()));
        long now = System.currentTimeMillis();
        List<X509Certificate> first = verifier.verify(message(shortLived), "a.test", Purpose.SERVER, now);
        assertSame(first, verifier.verify(message(shortLived), "a.test", Purpose.SERVER,
                now + Duration.ofDays(1).toMillis()));
        TlsFatalAlert expired = assertThrows(TlsFatalAlert.class, () -> verifier.verify(message(shortLived),
                "a.test", Purpose.SERVER, now + Duration.ofDays(3).toMillis()));
        assertEquals(AlertDescription.certificate_expired, expired.getAlertDescription());
        assertEquals(0, verifier.verifiedChains(), "the expired entry is gone");
    }

    @Test
    void H2_failuresAreNotRememberedAndEachTrustHasItsOwnCache() throws Exception {
        Issued otherRoot = TestPki.root("Other Root", KeyType.EC);
        PeerVerifier trustingRoot = PeerVerifier.trusting(List.of(root.certificate()));
        PeerVerifier trustingOther = PeerVerifier.trusting(List.of(otherRoot.certificate()));
        trustingRoot.verify(message(leaf), "a.test", Purpose.SERVER);
        for (int i = 0; i < 2; i++) {
            TlsFatalAlert failure = assertThrows(TlsFatalAlert.class,
                    () -> trustingOther.verify(message(leaf), "a.test", Purpose.SERVER));
            assertEquals(AlertDescription.unknown_ca, failure.getAlertDescription());
        }
        assertEquals(0, trustingOther.verifiedChains());
    }

    @Test
    void H2_aClientVerifiesTheServerOnceAcrossHandshakes() throws Exception {
        TlsContext server = TlsContext.server().keyStore(VerificationTest.keyStore(leaf), "pw".toCharArray()).build();
        TlsContext client = TlsContext.client().trust(root.certificate()).build();
        BcPair.Result first = BcPair.run(server, client, "a.test");
        BcPair.Result second = BcPair.run(server, client, "a.test");
        assertNotSame(first.client(), second.client());
        assertEquals(1, settings(client).verifier.verifiedChains());
        TlsFatalAlert wrongName = assertThrows(TlsFatalAlert.class, () -> BcPair.run(server, client, "b.test"));
        assertEquals(AlertDescription.bad_certificate, wrongName.getAlertDescription());
    }

    @Test
    void theCertificateRequestsAuthorityNamesAreMadeOnce() {
        PeerVerifier verifier = PeerVerifier.trusting(List.of(root.certificate()));
        assertSame(verifier.authorityNames(), verifier.authorityNames());
        assertEquals(List.of(org.bouncycastle.asn1.x500.X500Name.getInstance(
                root.certificate().getSubjectX500Principal().getEncoded())), verifier.authorityNames());
        assertTrue(PeerVerifier.trustAll().authorityNames().isEmpty());
    }

    @Test
    void theCacheIsBounded() throws Exception {
        VerifiedChains chains = new VerifiedChains();
        for (int i = 0; i < VerifiedChains.MAX_CHAINS + 20; i++) {
            chains.put(VerifiedChains.key(new byte[][] {{(byte) i, (byte) (i >> 8)}}), leaf.chain());
        }
        assertEquals(VerifiedChains.MAX_CHAINS, chains.size());
    }

    /** The context's settings (a private field of the public class). */
    private static PeerSettings settings(TlsContext context) throws Exception {
        java.lang.reflect.Field field = TlsContext.class.getDeclaredField("settings");
        field.setAccessible(true);
        return (PeerSettings) field.get(context);
    }

    private static Certificate message(Issued issued) throws Exception {
        TlsCertificate[] certificates = new TlsCertificate[issued.chain().size()];
        for (int i = 0; i < certificates.length; i++) {
            certificates[i] = CRYPTO.createCertificate(issued.chain().get(i).getEncoded());
        }
        return new Certificate(certificates);
    }
}
