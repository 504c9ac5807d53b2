package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.ContextPeers;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.context.TestPki.Issued;
import dev.niotls.tls.context.TestPki.KeyType;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import dev.niotls.tls.testing.SeededStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The context against {@code openssl s_client} and {@code s_server}: PEM identities, client certificates, SNI. */
@Timeout(180)
class OpenSslInteropTest {
    private static final int LENGTH = 100_000;

    @TempDir
    static Path dir;
    private static Issued root;
    private static Path rootPem;

    @BeforeAll
    static void pki() throws Exception {
        root = TestPki.root("Interop Root", KeyType.EC);
        rootPem = TestPki.writeCertificates(dir, "root.pem", List.of(root.certificate()));
    }

    private static Path[] pemIdentity(String file, KeyType type, String... names) throws Exception {
        Issued leaf = TestPki.leaf(TestPki.intermediate("Interop CA " + file, root, KeyType.EC), type, names);
        return new Path[] {TestPki.writeCertificates(dir, file + ".pem", leaf.chain()),
            TestPki.writePkcs8(dir, file + ".key", leaf.key())};
    }

    private static String flag(String protocol) {
        return protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2";
    }

    /** Serves one BC connection: reads LENGTH bytes (seed 21), answers LENGTH bytes (seed 22), closes. */
    private static CompletableFuture<SecurityParameters> serveData(ServerSocket listener, TlsContext server) {
        return Loopback.acceptOnce(listener, socket -> {
            BcPair.ServerSide tls = new BcPair.ServerSide(socket.getInputStream(), socket.getOutputStream());
            tls.accept(ContextPeers.server(server));
            assertArrayEquals(SeededStream.digest(21, LENGTH), SeededStream.read(tls.getInputStream(), LENGTH));
            SeededStream.write(tls.getOutputStream(), 22, LENGTH);
            SecurityParameters parameters = tls.parameters();
            tls.close();
            return parameters;
        });
    }

    /** Serves one BC connection with no data: handshake, then wait for the client's close. */
    private static CompletableFuture<SecurityParameters> serveHandshake(ServerSocket listener, TlsContext server) {
        return Loopback.acceptOnce(listener, socket -> {
            BcPair.ServerSide tls = new BcPair.ServerSide(socket.getInputStream(), socket.getOutputStream());
            tls.accept(ContextPeers.server(server));
            SecurityParameters parameters = tls.parameters();
            drain(tls.getInputStream());
            return parameters;
        });
    }

    private static void drain(InputStream in) {
        try {
            while (in.read() >= 0) {
                continue;
            }
        } catch (IOException e) {
            // s_client may leave without close_notify on TLS 1.3; the handshake facts are what we check
        }
    }

    private static List<String> sClient(ServerSocket listener, String protocol, String... extra) {
        List<String> args = new ArrayList<>(List.of("s_client", "-connect",
                "127.0.0.1:" + listener.getLocalPort(), flag(protocol), "-CAfile", rootPem.toString(),
                "-verify_return_error"));
        args.addAll(List.of(extra));
        return args;
    }

    private static byte[] seeded(long seed) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            SeededStream.write(out, seed, LENGTH);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"EC, TLSv1.3", "EC, TLSv1.2", "RSA, TLSv1.3", "RSA, TLSv1.2"})
    void sClientVerifiesPemIdentityAndTransfers(KeyType type, String protocol) throws Exception {
        Path[] pem = pemIdentity("server" + type + protocol, type, "pem.test");
        TlsContext server = TlsContext.server().certificate(pem[0], pem[1]).build();
        try (ServerSocket listener = Loopback.serverSocket()) {
            CompletableFuture<SecurityParameters> served = serveData(listener, server);
            try (ChildProcess client = ChildProcess.openssl("s_client", sClient(listener, protocol, "-servername", "pem.test",
                    "-verify_hostname", "pem.test", "-quiet"), seeded(21), true)) {
                byte[] received = client.stdoutAtExit(deadline()).bytes();
                assertEquals(LENGTH, received.length, client.stderr().text());
                assertArrayEquals(SeededStream.digest(22, LENGTH),
                        SeededStream.read(new java.io.ByteArrayInputStream(received), LENGTH));
            }
            Loopback.await(served);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sClientVerifiesSelfSignedWrittenAsPem(String protocol) throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost", "127.0.0.1").build();
        Path pem = dir.resolve("self-" + protocol + ".pem");
        server.writeCertificatePem(pem);
        try (ServerSocket listener = Loopback.serverSocket()) {
            CompletableFuture<SecurityParameters> served = serveHandshake(listener, server);
            try (ChildProcess client = ChildProcess.openssl("s_client", List.of("s_client", "-connect",
                    "127.0.0.1:" + listener.getLocalPort(), flag(protocol), "-CAfile", pem.toString(),
                    "-verify_return_error", "-verify_ip", "127.0.0.1"), new byte[0], false)) {
                String text = client.stdoutAtExit(deadline()).text();
                assertTrue(text.contains("Verify return code: 0 (ok)"), text + client.stderr().text());
            }
            Loopback.await(served);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sClientServernamePicksTheCertificate(String protocol) throws Exception {
        Path[] first = pemIdentity("sni-default" + protocol, KeyType.EC, "default.test");
        Path[] second = pemIdentity("sni-b" + protocol, KeyType.RSA, "b.test");
        TlsContext server = TlsContext.server().certificate(first[0], first[1]).certificate(second[0], second[1])
                .build();
        for (String name : new String[] {"b.test", "default.test", "unknown.test"}) {
            try (ServerSocket listener = Loopback.serverSocket()) {
                CompletableFuture<SecurityParameters> served = serveHandshake(listener, server);
                try (ChildProcess client = ChildProcess.openssl("s_client", sClient(listener, protocol, "-servername", name),
                        new byte[0], false)) {
                    String text = client.stdoutAtExit(deadline()).text();
                    String expected = name.equals("b.test") ? "CN = b.test" : "CN = default.test";
                    assertTrue(text.contains("subject=" + expected), name + ": " + text);
                }
                Loopback.await(served);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sClientAlpnAndChaCha(String protocol) throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").applicationProtocols("h2", "http/1.1")
                .build();
        String suiteFlag = protocol.equals("TLSv1.3") ? "-ciphersuites" : "-cipher";
        String suite = protocol.equals("TLSv1.3") ? "TLS_CHACHA20_POLY1305_SHA256" : "ECDHE-ECDSA-CHACHA20-POLY1305";
        try (ServerSocket listener = Loopback.serverSocket()) {
            CompletableFuture<SecurityParameters> served = serveHandshake(listener, server);
            try (ChildProcess client = ChildProcess.openssl("s_client", List.of("s_client", "-connect",
                    "127.0.0.1:" + listener.getLocalPort(), flag(protocol), "-alpn", "http/1.1,h2", suiteFlag, suite),
                    new byte[0], false)) {
                String text = client.stdoutAtExit(deadline()).text();
                assertTrue(text.contains("ALPN protocol: h2"), text);
            }
            SecurityParameters parameters = Loopback.await(served);
            assertTrue(AlgorithmNames.cipherSuiteName(parameters.getCipherSuite()).contains("CHACHA20_POLY1305"));
        }
    }

    @Test
    void sClientResumesTls12Session() throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").build();
        Path session = dir.resolve("session.pem");
        try (ServerSocket listener = Loopback.serverSocket()) {
            for (int round = 0; round < 2; round++) {
                CompletableFuture<SecurityParameters> served = serveHandshake(listener, server);
                String sessionFlag = round == 0 ? "-sess_out" : "-sess_in";
                try (ChildProcess client = ChildProcess.openssl("s_client", List.of("s_client", "-connect",
                        "127.0.0.1:" + listener.getLocalPort(), "-tls1_2", sessionFlag, session.toString()),
                        new byte[0], false)) {
                    String text = client.stdoutAtExit(deadline()).text();
                    assertTrue(text.contains(round == 0 ? "New, TLSv1.2" : "Reused, TLSv1.2"), text);
                }
                assertEquals(round == 1, Loopback.await(served).isResumedSession());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sClientPresentsClientCertificateToRequiringServer(String protocol) throws Exception {
        Path[] clientPem = pemIdentity("client" + protocol, KeyType.RSA, "client.test");
        TlsContext server = TlsContext.server().selfSigned("localhost").trustPem(rootPem).requireClientCertificate()
                .build();
        try (ServerSocket listener = Loopback.serverSocket()) {
            CompletableFuture<SecurityParameters> served = serveData(listener, server);
            try (ChildProcess client = ChildProcess.openssl("s_client", List.of("s_client", "-connect",
                    "127.0.0.1:" + listener.getLocalPort(), flag(protocol), "-cert", clientPem[0].toString(),
                    "-cert_chain", clientPem[0].toString(), "-key", clientPem[1].toString(), "-quiet"),
                    seeded(21), true)) {
                assertEquals(LENGTH, client.stdoutAtExit(deadline()).bytes().length, client.stderr().text());
            }
            SecurityParameters parameters = Loopback.await(served);
            assertFalse(parameters.getPeerCertificate().isEmpty());
        }
    }

    // ---- our client against s_server: client certificates both ways ----

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"EC, TLSv1.3", "EC, TLSv1.2", "RSA, TLSv1.3", "RSA, TLSv1.2"})
    void sServerVerifiesOurClientCertificate(KeyType type, String protocol) throws Exception {
        Path[] serverPem = pemIdentity("s-server" + type + protocol, type, "sserver.test");
        Path[] clientPem = pemIdentity("s-client" + type + protocol, type, "client.test");
        TlsContext client = TlsContext.client().trustPem(rootPem).certificate(clientPem[0], clientPem[1])
                .serverName("sserver.test").build();
        try (ChildProcess server = sServer(serverPem, protocol)) {
            String line = HexFormat.of().formatHex(randomBytes(3000, 31));
            String reply = reverseLine(server.awaitAcceptPort(deadline()), client, line);
            assertEquals(new StringBuilder(line).reverse().toString(), reply, server.stderr().text());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void sServerRefusesUsWithoutClientCertificate(String protocol) throws Exception {
        Path[] serverPem = pemIdentity("s-server-nocert" + protocol, KeyType.EC, "sserver.test");
        TlsContext client = TlsContext.client().trustPem(rootPem).serverName("sserver.test").build();
        try (ChildProcess server = sServer(serverPem, protocol)) {
            int port = server.awaitAcceptPort(deadline());
            // TLS 1.3: our handshake completes first and the alert arrives on the first read.
            TlsFatalAlertReceived refusal = assertThrows(TlsFatalAlertReceived.class,
                    () -> reverseLine(port, client, "abc"));
            short expected = protocol.equals("TLSv1.3") ? AlertDescription.certificate_required
                    : AlertDescription.handshake_failure;
            assertEquals(expected, refusal.getAlertDescription());
        }
    }

    private static ChildProcess sServer(Path[] pem, String protocol) throws IOException {
        return ChildProcess.openssl("s_server", List.of("s_server", "-accept", "127.0.0.1:0", "-naccept", "1",
                "-cert", pem[0].toString(), "-cert_chain", pem[0].toString(), "-key", pem[1].toString(),
                "-CAfile", rootPem.toString(),
                "-Verify", "3", "-verify_return_error", flag(protocol), "-rev"));
    }

    /** Sends one line to s_server -rev and returns the reversed line it answers. */
    private static String reverseLine(int port, TlsContext client, String line) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(Loopback.TIMEOUT_SECONDS * 1000);
            BcPair.ClientSide tls = new BcPair.ClientSide(socket.getInputStream(), socket.getOutputStream());
            tls.connect(ContextPeers.client(client, null));
            tls.getOutputStream().write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            StringBuilder reply = new StringBuilder();
            for (int c = tls.getInputStream().read(); c >= 0 && c != '\n'; c = tls.getInputStream().read()) {
                reply.append((char) c);
            }
            tls.close();
            return reply.toString();
        }
    }

    private static byte[] randomBytes(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static long deadline() {
        return Loopback.deadline(Loopback.TIMEOUT_SECONDS);
    }
}
