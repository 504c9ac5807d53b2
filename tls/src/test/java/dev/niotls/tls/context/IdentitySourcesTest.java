package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.context.TestPki.Issued;
import dev.niotls.tls.context.TestPki.KeyType;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import org.bouncycastle.tls.ProtocolVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each source of a server identity (PEM flavours, KeyStores, self-signed), RSA and EC, TLS 1.2 and 1.3. */
@Timeout(120)
class IdentitySourcesTest {
    private static final char[] PASSWORD = "s3cret-Pw".toCharArray();

    @TempDir
    static Path dir;
    private static Issued root;
    private static Issued intermediate;

    @BeforeAll
    static void pki() throws Exception {
        root = TestPki.root("Test Root", KeyType.EC);
        intermediate = TestPki.intermediate("Test Intermediate", root, KeyType.RSA);
        TestPki.writeCertificates(dir, "root.pem", java.util.List.of(root.certificate()));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "EC, pkcs8, TLSv1.3", "EC, pkcs8, TLSv1.2",
        "EC, traditional, TLSv1.3", "EC, traditional, TLSv1.2",
        "EC, encrypted, TLSv1.3", "EC, encrypted, TLSv1.2",
        "RSA, pkcs8, TLSv1.3", "RSA, pkcs8, TLSv1.2",
        "RSA, traditional, TLSv1.3", "RSA, traditional, TLSv1.2",
        "RSA, encrypted, TLSv1.3", "RSA, encrypted, TLSv1.2",
        "EC, dekinfo, TLSv1.3", "RSA, dekinfo, TLSv1.2"})
    void pemIdentityWithChainServesBothVersions(KeyType type, String format, String protocol) throws Exception {
        Issued leaf = TestPki.leaf(intermediate, type, "server.test");
        Path chain = TestPki.writeCertificates(dir, "chain-" + type + format + ".pem", leaf.chain());
        Path key = writeKey(type + format, format, leaf);
        TlsContext server = TlsContext.server()
                .certificate(chain, key, format.equals("encrypted") || format.equals("dekinfo") ? PASSWORD : null)
                .build();
        assertEquals(leaf.chain(), server.certificateChain());
        TlsContext client = TlsContext.client().trustPem(dir.resolve("root.pem")).protocols(protocol).build();
        BcPair.Result result = BcPair.run(server, client, "server.test");
        assertEquals(protocol.equals("TLSv1.3") ? ProtocolVersion.TLSv13 : ProtocolVersion.TLSv12,
                result.client().getNegotiatedVersion());
        assertEquals(2, result.client().getPeerCertificate().getLength(), "leaf and intermediate sent");
    }

    private static Path writeKey(String name, String format, Issued leaf) throws Exception {
        switch (format) {
            case "pkcs8": return TestPki.writePkcs8(dir, name + ".key", leaf.key());
            case "traditional": return TestPki.writeTraditional(dir, name + ".key", leaf.key());
            case "dekinfo": return TestPki.writeEncryptedTraditional(dir, name + ".key", leaf.key(), PASSWORD);
            default: return TestPki.writeEncryptedPkcs8(dir, name + ".key", leaf.key(), PASSWORD);
        }
    }

    @Test
    void pemFormatsAreWhatOpensslWrites() throws Exception {
        Issued leaf = TestPki.leaf(root, KeyType.RSA, "x.test");
        assertTrue(Files.readString(TestPki.writeTraditional(dir, "t.key", leaf.key()))
                .startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertTrue(Files.readString(TestPki.writePkcs8(dir, "p.key", leaf.key()))
                .startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(TestPki.writeEncryptedPkcs8(dir, "e.key", leaf.key(), PASSWORD))
                .startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertTrue(Files.readString(TestPki.writeEncryptedTraditional(dir, "d.key", leaf.key(), PASSWORD))
                .contains("DEK-Info: AES-128-CBC"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"PKCS12, EC", "PKCS12, RSA", "JKS, EC", "JKS, RSA"})
    void keyStoreIdentityServesBothVersions(String storeType, KeyType type) throws Exception {
        Issued leaf = TestPki.leaf(intermediate, type, "store.test");
        KeyStore store = KeyStore.getInstance(storeType);
        store.load(null, null);
        store.setKeyEntry("server", leaf.key(), PASSWORD, leaf.chain().toArray(new X509Certificate[0]));
        Path file = dir.resolve("server-" + storeType + type);
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        for (TlsContext server : new TlsContext[] {
                TlsContext.server().keyStore(store, PASSWORD).build(),
                TlsContext.server().keyStore(file, storeType, PASSWORD).build()}) {
            for (String protocol : new String[] {"TLSv1.3", "TLSv1.2"}) {
                TlsContext client = TlsContext.client().trust(root.certificate()).protocols(protocol).build();
                BcPair.run(server, client, "store.test");
            }
        }
    }

    @Test
    void selfSignedIsWrittenAsPemAndTrustedFromIt() throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost", "127.0.0.1", "::1").build();
        Path pem = dir.resolve("self.pem");
        server.writeCertificatePem(pem);
        assertEquals(server.certificateChain(), PemFiles.readCertificates(pem));
        TlsContext client = TlsContext.client().trustPem(pem).build();
        BcPair.run(server, client, "localhost");
        BcPair.run(server, client, "127.0.0.1");
        BcPair.run(server, client, "::1");
    }

    // ---- bad configuration fails at build() naming the problem ----

    @Test
    void wrongPasswordFailsAtBuild() throws Exception {
        Issued leaf = TestPki.leaf(root, KeyType.EC, "x.test");
        Path chain = TestPki.writeCertificates(dir, "wp.pem", leaf.chain());
        Path key = TestPki.writeEncryptedPkcs8(dir, "wp.key", leaf.key(), PASSWORD);
        TlsContext.Builder builder = TlsContext.server().certificate(chain, key, "wrong".toCharArray());
        assertMessage(builder, "wrong password");
        assertMessage(TlsContext.server().certificate(chain, key), "no password");
        Path dekInfo = TestPki.writeEncryptedTraditional(dir, "wp-dek.key", leaf.key(), PASSWORD);
        assertMessage(TlsContext.server().certificate(chain, dekInfo, "wrong".toCharArray()), "wrong password");
    }

    @Test
    void keyNotMatchingCertificateFailsAtBuild() throws Exception {
        Issued leaf = TestPki.leaf(root, KeyType.EC, "x.test");
        Issued other = TestPki.leaf(root, KeyType.EC, "x.test");
        Path chain = TestPki.writeCertificates(dir, "mm.pem", leaf.chain());
        Path key = TestPki.writePkcs8(dir, "mm.key", other.key());
        assertMessage(TlsContext.server().certificate(chain, key), "does not match");
        Issued rsa = TestPki.leaf(root, KeyType.RSA, "x.test");
        assertMessage(TlsContext.server().certificate(chain, TestPki.writePkcs8(dir, "mm2.key", rsa.key())),
                "does not match");
    }

    @Test
    void unreadableFilesFailAtBuild() throws Exception {
        Path missing = dir.resolve("missing.pem");
        assertMessage(TlsContext.server().certificate(missing, missing), "missing.pem");
        assertMessage(TlsContext.client().trustPem(missing), "missing.pem");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not pem at all\n");
        assertMessage(TlsContext.client().trustPem(empty), "no CERTIFICATE");
        assertMessage(TlsContext.server().keyStore(missing, "PKCS12", PASSWORD), "missing.pem");
    }

    @Test
    void wrongKeyStorePasswordFailsAtBuild() throws Exception {
        Issued leaf = TestPki.leaf(root, KeyType.EC, "x.test");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", leaf.key(), PASSWORD, leaf.chain().toArray(new X509Certificate[0]));
        Path file = dir.resolve("wrong.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD);
        }
        assertMessage(TlsContext.server().keyStore(file, "PKCS12", "nope".toCharArray()), "wrong password");
    }

    @Test
    void unknownNamesAndMissingIdentityFailAtBuild() {
        assertMessage(TlsContext.client().cipherSuites("TLS_AES_128_GCM_SHA256", "TLS_NO_SUCH_SUITE"),
                "TLS_NO_SUCH_SUITE");
        assertMessage(TlsContext.client().namedGroups("x25519", "curve9999"), "curve9999");
        assertMessage(TlsContext.server(), "needs an identity");
        assertMessage(TlsContext.server().selfSigned("a").requireClientCertificate(), "nothing is trusted");
        assertMessage(TlsContext.client().protocols("TLSv1.2").cipherSuites("TLS_AES_128_GCM_SHA256"),
                "usable with [TLSv1.2]");
        assertMessage(TlsContext.server().selfSigned("a").protocols("TLSv1.2")
                .cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), "certificate key types [EC_P256]");
    }

    private static void assertMessage(TlsContext.Builder builder, String expected) {
        RuntimeException failure = assertThrows(RuntimeException.class, builder::build);
        assertTrue(failure.getMessage().contains(expected), failure.getMessage());
    }
}
