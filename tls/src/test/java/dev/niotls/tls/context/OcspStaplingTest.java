package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.OpenSslTools;
import dev.niotls.tls.testing.OpsServer;
import java.io.FileReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling with responses made by {@code openssl ocsp} from a CA index made here: the niotls server
 * staples what {@code openssl s_client -status} reads as good, on TLS 1.3 and 1.2; responses that do not fit
 * are not stapled and say why; the niotls client's requireStapledOcsp() accepts a good response and refuses
 * every other with a reason.
 */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OcspStaplingTest {
    @TempDir
    Path directory;
    private OpenSslTools.Ca ca;
    private Path leaf;
    private Path key;
    private Path good;

    @BeforeEach
    void pki() throws Exception {
        ca = OpenSslTools.ca(directory, "ca");
        Path[] issued = ca.issue("server", "localhost");
        leaf = issued[0];
        key = issued[1];
        good = ca.ocsp(leaf, "good.der", 1);
    }

    private TlsContext server(Path response) {
        return TlsContext.server().certificate(leaf, key).ocspResponse(response).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_3", "-tls1_2"})
    void opensslClientSeesTheStapledResponseGood(String version) throws Exception {
        TlsContext context = server(good);
        assertEquals(java.util.List.of(), context.warnings());
        try (OpsServer server = new OpsServer(context)) {
            String output = OpenSslTools.sClient(directory, server.port(), null, "-status", "-servername", "localhost",
                    "-CAfile", ca.cert.toString(), "-verify_return_error", version);
            assertTrue(output.contains("OCSP Response Status: successful"), output);
            assertTrue(output.contains("Cert Status: good"), output);
            assertTrue(output.contains("Verify return code: 0 (ok)"), output);
        }
    }

    @Test
    void aResponseForAnotherCertificateIsNotStapledAndSaysWhy() throws Exception {
        Path[] other = ca.issue("other", "other.test");
        Path forOther = ca.ocsp(other[0], "other.der", 1);
        TlsContext context = server(forOther);
        assertEquals(1, context.warnings().size());
        assertTrue(context.warnings().get(0).contains("it is for another certificate"), context.warnings().toString());
        try (OpsServer server = new OpsServer(context)) {
            String output = OpenSslTools.sClient(directory, server.port(), null, "-status", "-servername", "localhost",
                    "-CAfile", ca.cert.toString(), "-tls1_3");
            assertTrue(output.contains("OCSP response: no response sent"), output);
            assertTrue(output.contains("Verify return code: 0 (ok)"), "the server still serves: " + output);
        }
    }

    @Test
    void anExpiredResponseIsNotStapled() throws Exception {
        Path expired = signedByCa(CertificateStatus.GOOD, new Date(System.currentTimeMillis() - 86_400_000L),
                new Date(System.currentTimeMillis() - 3_600_000L), "expired.der");
        TlsContext context = server(expired);
        assertTrue(context.warnings().get(0).contains("expired"), context.warnings().toString());
        try (OpsServer server = new OpsServer(context)) {
            String output = OpenSslTools.sClient(directory, server.port(), null, "-status", "-servername", "localhost",
                    "-CAfile", ca.cert.toString(), "-tls1_2");
            assertTrue(output.contains("OCSP response: no response sent"), output);
        }
    }

    @Test
    void aMissingResponseFileFailsTheBuildNamingIt() {
        Path missing = directory.resolve("missing.der");
        UncheckedIOException failure = assertThrows(UncheckedIOException.class, () -> server(missing));
        assertTrue(failure.getMessage().contains(missing + ": no such file"), failure.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void clientRequiringStapledOcspAcceptsAGoodResponse(String protocol) throws Exception {
        try (OpsServer server = new OpsServer(server(good))) {
            TlsConnection connection = handshake(server.port(), protocol);
            assertTrue(connection.isHandshakeDone(), () -> String.valueOf(connection.lastException()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void clientRequiringStapledOcspRefusesAServerThatStaplesNothing(String protocol) throws Exception {
        TlsContext plain = TlsContext.server().certificate(leaf, key).build();
        try (OpsServer server = new OpsServer(plain)) {
            assertRefused(handshake(server.port(), protocol), "the server stapled no OCSP response");
        }
    }

    @Test
    void clientRequiringStapledOcspRefusesARevokedCertificate() throws Exception {
        ca.revoke(leaf);
        Path revoked = ca.ocsp(leaf, "revoked.der", 1);
        try (OpsServer server = new OpsServer(server(revoked))) {
            assertRefused(handshake(server.port(), "TLSv1.3"), "the certificate was revoked");
        }
    }

    @Test
    void clientRequiringStapledOcspRefusesAResponseNotSignedByTheIssuer() throws Exception {
        OpenSslTools.Ca stranger = OpenSslTools.ca(directory, "stranger");
        Path forged = directory.resolve("forged.der");
        OpenSslTools.run(directory, "ocsp", "-index", ca.index.toString(), "-rsigner", stranger.cert.toString(),
                "-rkey", stranger.key.toString(), "-CA", ca.cert.toString(), "-issuer", ca.cert.toString(),
                "-cert", leaf.toString(), "-ndays", "1", "-respout", forged.toString());
        try (OpsServer server = new OpsServer(server(forged))) {
            assertRefused(handshake(server.port(), "TLSv1.2"), "not signed by CN=ca nor by a responder it delegated to");
        }
    }

    @Test
    void clientRequiringStapledOcspAcceptsOpenSslServerStatusFile() throws Exception {
        try (OpenSslTools.Server openssl = OpenSslTools.sServer(directory, "-cert", leaf.toString(), "-key",
                key.toString(), "-status_file", good.toString(), "-www")) {
            TlsConnection connection = handshake(openssl.port, "TLSv1.3");
            assertTrue(connection.isHandshakeDone(), () -> String.valueOf(connection.lastException()));
        }
    }

    private TlsConnection handshake(int port, String protocol) throws Exception {
        TlsContext client = TlsContext.client().trustPem(ca.cert).serverName("localhost").protocols(protocol)
                .requireStapledOcsp().build();
        try (SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            TlsConnection connection = client.newConnection(new SocketBio(socket));
            connection.setConnectState();
            connection.doHandshake();
            return connection;
        }
    }

    private static void assertRefused(TlsConnection connection, String reason) {
        assertTrue(connection.isFailed(), "the handshake should fail: " + reason);
        assertEquals(TlsReason.CERTIFICATE_VERIFY_FAILED, connection.lastReason(),
                String.valueOf(connection.lastException()));
        assertTrue(connection.lastException().getMessage().contains(reason), connection.lastException().getMessage());
    }

    /** An OCSP response about the leaf signed by the CA with chosen times (openssl ocsp cannot make a stale one). */
    private Path signedByCa(CertificateStatus status, Date thisUpdate, Date nextUpdate, String file) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate caCert;
        X509Certificate leafCert;
        try (var in = Files.newInputStream(ca.cert); var in2 = Files.newInputStream(leaf)) {
            caCert = (X509Certificate) factory.generateCertificate(in);
            leafCert = (X509Certificate) factory.generateCertificate(in2);
        }
        PrivateKey caKey;
        try (PEMParser parser = new PEMParser(new FileReader(ca.key.toFile()))) {
            caKey = new JcaPEMKeyConverter().getPrivateKey(
                    (org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parser.readObject());
        }
        CertificateID id = new CertificateID(new BcDigestCalculatorProvider().get(CertificateID.HASH_SHA1),
                new JcaX509CertificateHolder(caCert), leafCert.getSerialNumber());
        BasicOCSPRespBuilder builder = new BasicOCSPRespBuilder(
                new RespID(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded())));
        builder.addResponse(id, status, thisUpdate, nextUpdate);
        var basic = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKey), null, new Date());
        OCSPResp response = new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic);
        Path path = directory.resolve(file);
        Files.write(path, response.getEncoded());
        return path;
    }
}
