package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.ChildProcess;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The https-server's certificate reload: files replaced under the running server are picked up (openssl
 * s_client sees the new certificate) while a connection made before keeps working; files that do not load
 * keep the current certificate and say why.
 */
@Tag("interop")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OperationsTest {
    @TempDir
    Path directory;

    @Test
    void replacedCertificateIsServedToNewConnectionsWhileAnOlderOneKeepsWorking() throws Exception {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        selfSigned("first", cert, key);
        Path firstCert = Files.copy(cert, directory.resolve("first.pem"));
        Path firstKey = Files.copy(key, directory.resolve("first.key"));
        try (ReactorServer server = ServerCommands.startHttps(Options.parse("https-server", "--port", "0",
                "--cert", cert.toString(), "--key", key.toString(), "--reload-check", "1s"))) {
            int port = server.address(0).getPort();
            assertTrue(subjectSeenBy(port).contains("CN = first"));
            try (SocketChannel socket = SocketChannel.open(server.address(0))) {
                TlsConnection older = TlsContext.client().insecureTrustAll().build().newConnection(new SocketBio(socket));
                older.setConnectState();
                assertEquals(1, older.doHandshake());

                // Replace the pair the way certbot's deploy hooks do: new files moved over the old ones.
                Path newCert = directory.resolve("second.pem");
                Path newKey = directory.resolve("second.key");
                selfSigned("second", newCert, newKey);
                Files.move(newKey, key, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Files.move(newCert, cert, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Poll.until(Duration.ofSeconds(30), () -> subjectSeenBy(port).contains("CN = second"),
                        () -> "s_client still sees: " + subjectSeenBy(port));

                assertTrue(get(older).endsWith(HttpHandler.BODY), "the older connection keeps working");
                assertEquals("CN=first", older.peerCertificates().get(0).getSubjectX500Principal().getName());
            }

            // A key that does not match: the current (second) certificate stays, and the reason is given.
            Files.copy(firstKey, key, StandardCopyOption.REPLACE_EXISTING);
            String outcome = server.reloadNow();
            assertTrue(outcome.contains("failed, keeping the current certificate")
                    && outcome.contains("does not match"), outcome);
            assertTrue(subjectSeenBy(port).contains("CN = second"));

            // A missing file: the same.
            Files.delete(cert);
            outcome = server.reloadNow();
            assertTrue(outcome.contains("failed, keeping the current certificate") && outcome.contains(cert.toString()),
                    outcome);
            assertTrue(subjectSeenBy(port).contains("CN = second"));

            // The right pair again, on demand.
            Files.copy(firstCert, cert, StandardCopyOption.REPLACE_EXISTING);
            assertTrue(server.reloadNow().contains("new connections get CN=first"));
            assertTrue(subjectSeenBy(port).contains("CN = first"));
        }
    }

    @Test
    void theCommandHonoursSslKeyLogFileWarnsAndReloadsOnAStdinLine() throws Exception {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        selfSigned("localhost", cert, key);
        Path keyLog = directory.resolve("keys.log");
        String javaCommand = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (ChildProcess server = ChildProcess.start(directory, "/usr/bin/env", "SSLKEYLOGFILE=" + keyLog, javaCommand,
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "https-server", "--port", "0",
                "--cert", cert.toString(), "--key", key.toString())) {
            server.awaitOutput("curl --cacert", Duration.ofSeconds(60));
            assertTrue(server.stderr().text().contains("WARNING: SSLKEYLOGFILE is set: TLS secrets are written to "
                    + keyLog), server.describe());
            java.util.regex.Matcher port = java.util.regex.Pattern.compile("https://localhost:(\\d+)/")
                    .matcher(server.stdout().text());
            assertTrue(port.find(), server.describe());
            ChildProcess curl = ChildProcess.run(directory, Duration.ofSeconds(30), "curl", "--silent",
                    "--cacert", cert.toString(), "--resolve", "localhost:" + port.group(1) + ":127.0.0.1",
                    "https://localhost:" + port.group(1) + "/");
            assertEquals(HttpHandler.BODY, curl.stdout().text(), curl.describe());
            String lines = Files.readString(keyLog);
            for (String label : List.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET ", "SERVER_HANDSHAKE_TRAFFIC_SECRET ",
                    "CLIENT_TRAFFIC_SECRET_0 ", "SERVER_TRAFFIC_SECRET_0 ", "EXPORTER_SECRET ")) {
                assertTrue(lines.contains(label), lines);
            }
            server.command("reload");
            server.awaitOutput("reload (reload asked): new connections get CN=localhost", Duration.ofSeconds(30));
        }
    }

    @Test
    void theOcspResponseIsStapledAndReloadedWithTheCertificate() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-days", "2", "-subj", "/CN=test-ca", "-addext", "basicConstraints=critical,CA:TRUE");
        Files.writeString(directory.resolve("ext"), "subjectAltName=DNS:localhost\n");
        StringBuilder index = new StringBuilder();
        for (String name : List.of("server", "other")) {
            openssl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                    name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
            String serial = name.equals("server") ? "1001" : "1002";
            openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "0x" + serial,
                    "-days", "2", "-extfile", "ext", "-out", name + ".pem");
            index.append("V\t301231000000Z\t\t").append(serial).append("\tunknown\t/CN=").append(name).append('\n');
        }
        Files.writeString(directory.resolve("index.txt"), index);
        for (String name : List.of("server", "other")) {
            openssl("ocsp", "-index", "index.txt", "-rsigner", "ca.pem", "-rkey", "ca.key", "-CA", "ca.pem", "-issuer",
                    "ca.pem", "-cert", name + ".pem", "-ndays", "1", "-respout", name + ".der");
        }
        Path ocsp = directory.resolve("ocsp.der");
        Files.copy(directory.resolve("server.der"), ocsp);
        try (ReactorServer server = ServerCommands.startHttps(Options.parse("https-server", "--port", "0",
                "--cert", directory.resolve("server.pem").toString(), "--key", directory.resolve("server.key").toString(),
                "--ocsp", ocsp.toString(), "--reload-check", "1s"))) {
            int port = server.address(0).getPort();
            assertTrue(statusSeenBy(port).contains("Cert Status: good"), statusSeenBy(port));

            Files.copy(directory.resolve("other.der"), ocsp, StandardCopyOption.REPLACE_EXISTING);
            Poll.until(Duration.ofSeconds(30), () -> statusSeenBy(port).contains("OCSP response: no response sent"),
                    () -> statusSeenBy(port));
            String outcome = server.reloadNow();
            assertTrue(outcome.contains("not stapled: it is for another certificate"), outcome);
            assertTrue(statusSeenBy(port).contains("Verify return code: 0 (ok)"), "the server keeps serving");
        }
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process openssl = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(openssl.waitFor(20, TimeUnit.SECONDS), output);
        assertEquals(0, openssl.exitValue(), command + "\n" + output);
    }

    private String statusSeenBy(int port) {
        try {
            ChildProcess client = ChildProcess.run(directory, Duration.ofSeconds(20), "sh", "-c",
                    "cd " + directory + " && openssl s_client -connect 127.0.0.1:" + port
                            + " -servername localhost -status -CAfile ca.pem </dev/null 2>&1");
            client.awaitExit(Duration.ofSeconds(20));
            return client.stdout().text();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private String get(TlsConnection connection) {
        ByteBuffer request = ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(request.remaining(), connection.write(request), () -> String.valueOf(connection.lastException()));
        ByteBuffer response = ByteBuffer.allocate(4096);
        String text = "";
        while (!text.endsWith(HttpHandler.BODY)) {
            int n = connection.read(response);
            assertTrue(n > 0, () -> connection.getError(n) + " " + connection.lastException());
            text = new String(response.array(), 0, response.position(), StandardCharsets.US_ASCII);
        }
        return text;
    }

    private String subjectSeenBy(int port) {
        try {
            ChildProcess client = ChildProcess.run(directory, Duration.ofSeconds(20), "sh", "-c",
                    "openssl s_client -connect 127.0.0.1:" + port + " -servername localhost </dev/null 2>&1"
                            + " | grep '^subject='");
            client.awaitExit(Duration.ofSeconds(20));
            return client.stdout().text();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private void selfSigned(String name, Path cert, Path key) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(), "-out", cert.toString(), "-days", "2",
                "-subj", "/CN=" + name, "-addext", "subjectAltName=DNS:localhost"));
        ChildProcess openssl = ChildProcess.run(directory, Duration.ofSeconds(20), command.toArray(new String[0]));
        assertEquals(0, openssl.awaitExit(Duration.ofSeconds(20)), openssl.describe());
    }
}
