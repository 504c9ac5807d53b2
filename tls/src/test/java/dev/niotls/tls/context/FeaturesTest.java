package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.ContextPeers;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsContext.CryptoBackend;
import dev.niotls.tls.context.TestPki.Issued;
import dev.niotls.tls.context.TestPki.KeyType;
import dev.niotls.tls.testing.Loopback;
import java.net.ServerSocket;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.NamedGroup;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Client certificates, SNI, ALPN, resumption, cipher suites, groups, backends and limits, BC against BC. */
@Timeout(180)
class FeaturesTest {
    private static Issued root;
    private static Issued ecServer;
    private static Issued rsaServer;
    private static Issued clientLeaf;

    @BeforeAll
    static void pki() throws Exception {
        root = TestPki.root("Features Root", KeyType.EC);
        ecServer = TestPki.leaf(root, KeyType.EC, "ec.test", "both.test");
        rsaServer = TestPki.leaf(root, KeyType.RSA, "rsa.test", "both.test");
        clientLeaf = TestPki.leaf(root, KeyType.EC, "client.test");
    }

    private static TlsContext.Builder serverWith(Issued... identities) throws Exception {
        TlsContext.Builder builder = TlsContext.server();
        for (Issued identity : identities) {
            builder.keyStore(VerificationTest.keyStore(identity), "pw".toCharArray());
        }
        return builder;
    }

    private static TlsContext.Builder client(String protocol) {
        return TlsContext.client().trust(root.certificate()).protocols(protocol);
    }

    // ---- client certificates ----

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void requiredClientCertificateIsPresentedAndVerified(String protocol) throws Exception {
        TlsContext server = serverWith(ecServer).trust(root.certificate()).requireClientCertificate().build();
        KeyStore clientStore = VerificationTest.keyStore(clientLeaf);
        TlsContext client = client(protocol).keyStore(clientStore, "pw".toCharArray()).build();
        BcPair.Result result = BcPair.run(server, client, "ec.test");
        assertEquals(clientLeaf.certificate(), Credentials.toX509(result.server().getPeerCertificate()).get(0));
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.2, 40", "TLSv1.3, 116"})
    void requiredClientCertificateMissingFails(String protocol, short alert) throws Exception {
        TlsContext server = serverWith(ecServer).trust(root.certificate()).requireClientCertificate().build();
        Exception failure = assertThrows(java.io.IOException.class,
                () -> BcPair.run(server, client(protocol).build(), "ec.test"));
        TlsFatalAlert serverFailure = serverFailure(failure);
        assertEquals(alert, serverFailure.getAlertDescription());
        assertInstanceOf(CertificateException.class, serverFailure.getCause());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void requestedClientCertificateIsOptionalButVerified(String protocol) throws Exception {
        TlsContext server = serverWith(ecServer).trust(root.certificate()).requestClientCertificate().build();
        BcPair.Result anonymous = BcPair.run(server, client(protocol).build(), "ec.test");
        assertTrue(anonymous.server().getPeerCertificate().isEmpty());
        TlsContext untrustedClient = client(protocol).selfSigned("stranger.test").build();
        Exception failure = assertThrows(java.io.IOException.class,
                () -> BcPair.run(server, untrustedClient, "ec.test"));
        assertEquals(AlertDescription.unknown_ca, serverFailure(failure).getAlertDescription());
    }

    private static TlsFatalAlert serverFailure(Exception clientFailure) {
        for (Throwable suppressed : clientFailure.getSuppressed()) {
            if (suppressed instanceof TlsFatalAlert && !(suppressed instanceof TlsFatalAlertReceived)) {
                return (TlsFatalAlert) suppressed;
            }
        }
        throw new AssertionError("no server failure recorded", clientFailure);
    }

    // ---- SNI ----

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void sniPicksTheIdentityAndTheDefaultOtherwise(String protocol) throws Exception {
        Issued other = TestPki.leaf(root, KeyType.RSA, "other.test");
        TlsContext server = serverWith(ecServer, other).build();
        BcPair.Result named = BcPair.run(server, client(protocol).build(), "other.test");
        assertEquals("other.test", named.requestedServerName());
        assertEquals(other.certificate(), peerLeaf(named));
        BcPair.Result unnamed = BcPair.run(server, TlsContext.client().insecureTrustAll().protocols(protocol).build(), "unknown.test");
        assertEquals("unknown.test", unnamed.requestedServerName());
        assertEquals(ecServer.certificate(), peerLeaf(unnamed));
        BcPair.Result ip = BcPair.run(server, TlsContext.client().insecureTrustAll().protocols(protocol).build(), "127.0.0.1");
        assertNull(ip.requestedServerName(), "IP literals are not sent as SNI");
    }

    private static X509Certificate peerLeaf(BcPair.Result result) throws Exception {
        return Credentials.toX509(result.client().getPeerCertificate()).get(0);
    }

    // ---- ALPN ----

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void alpnServerChoosesFromItsList(String protocol) throws Exception {
        TlsContext server = serverWith(ecServer).applicationProtocols("h2", "http/1.1").build();
        BcPair.Result both = BcPair.run(server, client(protocol).applicationProtocols("http/1.1", "h2").build(),
                "ec.test");
        assertEquals("h2", both.client().getApplicationProtocol().getUtf8Decoding());
        assertEquals("h2", both.server().getApplicationProtocol().getUtf8Decoding());
        BcPair.Result none = BcPair.run(server, client(protocol).applicationProtocols("spdy/3").build(), "ec.test");
        assertNull(none.client().getApplicationProtocol(), "no overlap, not required: ALPN ignored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void alpnRequiredWithoutOverlapIsNoApplicationProtocol(String protocol) throws Exception {
        TlsContext server = serverWith(ecServer).requireApplicationProtocol("h2").build();
        TlsFatalAlertReceived failure = assertThrows(TlsFatalAlertReceived.class,
                () -> BcPair.run(server, client(protocol).applicationProtocols("http/1.1").build(), "ec.test"));
        assertEquals(AlertDescription.no_application_protocol, failure.getAlertDescription());
    }

    // ---- TLS 1.2 session resumption ----

    @Test
    void tls12SessionIsResumedPerHostAndPort() throws Exception {
        TlsContext server = serverWith(ecServer).build();
        TlsContext client = client("TLSv1.2").build();
        try (ServerSocket listener = Loopback.serverSocket(); ServerSocket other = Loopback.serverSocket()) {
            assertFalse(BcPair.run(listener, server, client, "ec.test", true).client().isResumedSession());
            BcPair.Result second = BcPair.run(listener, server, client, "ec.test", true);
            assertTrue(second.client().isResumedSession());
            assertTrue(second.server().isResumedSession());
            assertFalse(BcPair.run(other, server, client, "ec.test", true).client().isResumedSession(),
                    "another port is another peer");
            assertFalse(BcPair.run(listener, server, client, "ec.test", false).client().isResumedSession(),
                    "no host:port, no reuse");
        }
    }

    @Test
    void tls12ResumptionMissesOnExpiryEvictionAndTls13() throws Exception {
        TlsContext expiring = serverWith(ecServer).sessionCache(10, Duration.ofNanos(1)).build();
        TlsContext tiny = serverWith(ecServer).sessionCache(1, Duration.ofMinutes(5)).build();
        TlsContext clientA = client("TLSv1.2").build();
        TlsContext clientB = client("TLSv1.2").build();
        try (ServerSocket listener = Loopback.serverSocket()) {
            BcPair.run(listener, expiring, clientA, "ec.test", true);
            assertFalse(BcPair.run(listener, expiring, clientA, "ec.test", true).server().isResumedSession());
        }
        try (ServerSocket listener = Loopback.serverSocket()) {
            BcPair.run(listener, tiny, clientA, "ec.test", true);
            BcPair.run(listener, tiny, clientB, "ec.test", true);
            assertFalse(BcPair.run(listener, tiny, clientA, "ec.test", true).server().isResumedSession(),
                    "evicted by clientB's session");
            assertTrue(BcPair.run(listener, tiny, clientA, "ec.test", true).server().isResumedSession());
        }
        TlsContext client13 = client("TLSv1.3").build();
        try (ServerSocket listener = Loopback.serverSocket()) {
            BcPair.run(listener, tiny, client13, "ec.test", true);
            assertFalse(BcPair.run(listener, tiny, client13, "ec.test", true).server().isResumedSession(),
                    "Bouncy Castle 1.84 has no TLS 1.3 resumption");
        }
    }

    // ---- cipher suites, groups, backends ----

    @ParameterizedTest
    @CsvSource({
        "TLS_AES_128_GCM_SHA256, TLSv1.3", "TLS_AES_256_GCM_SHA384, TLSv1.3",
        "TLS_CHACHA20_POLY1305_SHA256, TLSv1.3",
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLSv1.2",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TLSv1.2",
        "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, TLSv1.2",
        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, TLSv1.2"})
    void everyDefaultSuiteWorksOnEveryBackend(String suite, String protocol) throws Exception {
        for (CryptoBackend backend : CryptoBackend.values()) {
            TlsContext server = serverWith(ecServer, rsaServer).cryptoBackend(backend).cipherSuites(suite).build();
            TlsContext client = client(protocol).cryptoBackend(backend).build();
            BcPair.Result result = BcPair.run(server, client, "both.test");
            assertEquals(suite, AlgorithmNames.cipherSuiteName(result.client().getCipherSuite()), backend.name());
        }
    }

    @ParameterizedTest
    @CsvSource({"JDK, BOUNCY_CASTLE", "BOUNCY_CASTLE, HYBRID", "HYBRID, JDK"})
    void backendsInteroperate(CryptoBackend serverBackend, CryptoBackend clientBackend) throws Exception {
        TlsContext server = serverWith(ecServer, rsaServer).cryptoBackend(serverBackend).build();
        for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
            for (String name : new String[] {"ec.test", "rsa.test"}) {
                BcPair.run(server, client(protocol).cryptoBackend(clientBackend).build(), name);
            }
        }
    }

    @Test
    void defaultsAreModern() throws Exception {
        TlsContext server = serverWith(ecServer).build();
        BcPair.Result result = BcPair.run(server, client("TLSv1.3").build(), "ec.test");
        assertEquals(ProtocolVersion.TLSv13, result.client().getNegotiatedVersion());
        assertEquals(NamedGroup.x25519, result.client().getNegotiatedGroup());
        assertEquals("TLS_AES_128_GCM_SHA256", AlgorithmNames.cipherSuiteName(result.client().getCipherSuite()));
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256",
        "TLSv1.2, TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"})
    void cipherServerPreferenceLetsTheServersOrderWin(String protocol, String preferred, String other)
            throws Exception {
        TlsContext clientFirst = serverWith(ecServer).cipherSuites(preferred, other).build();
        TlsContext serverFirst = serverWith(ecServer).cipherSuites(preferred, other)
                .options(dev.niotls.tls.TlsOption.CIPHER_SERVER_PREFERENCE).build();
        TlsContext client = client(protocol).cipherSuites(other, preferred).build();
        assertEquals(other, AlgorithmNames.cipherSuiteName(
                BcPair.run(clientFirst, client, "ec.test").client().getCipherSuite()));
        assertEquals(preferred, AlgorithmNames.cipherSuiteName(
                BcPair.run(serverFirst, client, "ec.test").client().getCipherSuite()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x25519", "secp256r1", "secp384r1"})
    void namedGroupsAreConfigurable(String group) throws Exception {
        TlsContext server = serverWith(ecServer, rsaServer).build();
        BcPair.Result result = BcPair.run(server, client("TLSv1.3").namedGroups(group).build(), "ec.test");
        assertEquals(AlgorithmNames.namedGroups(List.of(group))[0], result.client().getNegotiatedGroup());
        // Bouncy Castle records the negotiated group only for TLS 1.3; on TLS 1.2 the client offered just this one
        // group, so a completed ECDHE handshake used it. The RSA identity: in TLS 1.2 supported_groups also names
        // the curves a client takes in an ECDSA certificate (RFC 8422 section 5.1), checked below.
        BcPair.run(server, client("TLSv1.2").namedGroups(group).build(), "rsa.test");
    }

    /**
     * SPEC A4, TLS 1.2: a client whose supported_groups lack the curve of our ECDSA certificate gets
     * handshake_failure, no ServerHello, as from OpenSSL (tls1_check_cert_param).
     */
    @Test
    void A4_tls12EcdsaCertificateOnACurveTheClientDidNotList() throws Exception {
        TlsContext server = serverWith(ecServer).build();
        BcPair.run(server, client("TLSv1.2").namedGroups("secp256r1").build(), "ec.test");
        TlsFatalAlertReceived refused = assertThrows(TlsFatalAlertReceived.class,
                () -> BcPair.run(server, client("TLSv1.2").namedGroups("x25519").build(), "ec.test"));
        assertEquals(AlertDescription.handshake_failure, refused.getAlertDescription());
    }

    // ---- limits ----

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void H5_tenCertificateChainFitsTheDefaultLimits(String protocol) throws Exception {
        List<Issued> cas = new ArrayList<>();
        cas.add(root);
        for (int i = 1; i <= 9; i++) {
            cas.add(TestPki.intermediate("Intermediate " + i, cas.get(cas.size() - 1), KeyType.RSA));
        }
        Issued leaf = TestPki.leaf(cas.get(cas.size() - 1), KeyType.RSA, "deep.test");
        assertEquals(10, leaf.chain().size());
        TlsContext server = serverWith(leaf).build();
        BcPair.Result result = BcPair.run(server, client(protocol).build(), "deep.test");
        assertEquals(10, result.client().getPeerCertificate().getLength());
        TlsFatalAlert tooBig = assertThrows(TlsFatalAlert.class,
                () -> BcPair.run(server, client(protocol).maxHandshakeMessageSize(4096).build(), "deep.test"));
        assertEquals(AlertDescription.internal_error, tooBig.getAlertDescription(), tooBig.getMessage());
    }

    @Test
    void H5_limitsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> TlsContext.client().maxSendFragment(511));
        assertThrows(IllegalArgumentException.class, () -> TlsContext.client().maxSendFragment(16385));
        assertThrows(IllegalArgumentException.class, () -> TlsContext.client().maxHandshakeMessageSize(100));
        TlsContext context = TlsContext.client().maxSendFragment(512)
                .renegotiationLimit(2, Duration.ofSeconds(10)).build();
        assertEquals(512, ContextPeers.maxSendFragment(context));
        assertEquals(2, ContextPeers.maxRenegotiations(context));
        assertEquals(Duration.ofSeconds(10), ContextPeers.renegotiationWindow(context));
    }
}
