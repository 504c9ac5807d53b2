package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.OpenSslTools;
import dev.niotls.tls.testing.OpsServer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The NSS key log (SSLKEYLOGFILE): niotls writes, for the same client random, exactly the secrets curl
 * (OpenSSL) writes as the other end, on TLS 1.3 and 1.2; and the niotls client matches openssl s_server.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyLogTest {
    private static final List<String> TLS13_LABELS = List.of("CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            "SERVER_HANDSHAKE_TRAFFIC_SECRET", "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET");

    @TempDir
    Path directory;

    @Test
    void tls13ServerAndCurlWriteIdenticalSecrets() throws Exception {
        Map<String, String> both = serverAgainstCurl(List.of("--tlsv1.3"), "TLSv1.3");
        assertEquals(TLS13_LABELS.stream().sorted().collect(Collectors.toList()), List.copyOf(both.keySet()));
    }

    @Test
    void tls12ServerAndCurlWriteIdenticalMasterSecret() throws Exception {
        Map<String, String> both = serverAgainstCurl(List.of("--tls-max", "1.2"), "TLSv1.2");
        assertEquals(List.of("CLIENT_RANDOM"), List.copyOf(both.keySet()));
    }

    /** Runs curl with SSLKEYLOGFILE against a niotls server logging to its own file; returns the common lines. */
    private Map<String, String> serverAgainstCurl(List<String> curlVersionFlags, String protocol) throws Exception {
        Path ours = directory.resolve("niotls.keys");
        Path curls = directory.resolve("curl.keys");
        TlsContext context = TlsContext.server().selfSigned("localhost").protocols(protocol).keyLog(ours).build();
        Path ca = directory.resolve("ca.pem");
        context.writeCertificatePem(ca);
        try (OpsServer server = new OpsServer(context)) {
            List<String> command = new ArrayList<>(List.of("curl", "--silent", "--show-error", "--cacert", ca.toString(),
                    "--resolve", "localhost:" + server.port() + ":127.0.0.1"));
            command.addAll(curlVersionFlags);
            command.add("https://localhost:" + server.port() + "/");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put("SSLKEYLOGFILE", curls.toString());
            Process curl = builder.start();
            String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(curl.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, curl.exitValue(), output);
            assertEquals(OpsServer.BODY, output);
        }
        return common(curls, ours);
    }

    @Test
    void clientAgainstOpenSslServerWritesTheSameSecretsTls13() throws Exception {
        clientAgainstOpenSsl("-tls1_3", "TLSv1.3", TLS13_LABELS.size());
    }

    @Test
    void clientAgainstOpenSslServerWritesTheSameSecretsTls12() throws Exception {
        clientAgainstOpenSsl("-tls1_2", "TLSv1.2", 1);
    }

    private void clientAgainstOpenSsl(String versionFlag, String protocol, int expectedLines) throws Exception {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        OpenSslTools.selfSigned(directory, cert, key, "localhost");
        Path theirs = directory.resolve("openssl.keys");
        ConcurrentLinkedQueue<String> ours = new ConcurrentLinkedQueue<>();
        try (OpenSslTools.Server openssl = OpenSslTools.sServer(directory, "-cert", cert.toString(), "-key",
                key.toString(), versionFlag, "-keylogfile", theirs.toString(), "-www")) {
            TlsContext client = TlsContext.client().trustPem(cert).serverName("localhost").protocols(protocol)
                    .keyLog(ours::add).build();
            try (SocketChannel socket = SocketChannel.open(openssl.address())) {
                TlsConnection connection = client.newConnection(new SocketBio(socket));
                connection.setConnectState();
                assertEquals(1, connection.doHandshake(), () -> String.valueOf(connection.lastException()));
                ByteBuffer request = ByteBuffer.wrap("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(request.remaining(), connection.write(request));
                int n = connection.read(ByteBuffer.allocate(4096));
                assertTrue(n > 0, () -> connection.getError(n) + " " + connection.lastException());
            }
            Path oursFile = directory.resolve("ours.keys");
            Files.write(oursFile, ours);
            OpenSslTools.awaitLines(theirs, expectedLines);
            Map<String, String> both = common(theirs, oursFile);
            assertEquals(expectedLines, both.size(), both.toString());
        }
    }

    /**
     * Lines of {@code reference} and {@code ours} for the same client random: asserts each label has the same
     * secret in both, and returns label to secret.
     */
    static Map<String, String> common(Path reference, Path ours) throws IOException {
        Map<String, String> expected = parse(Files.readAllLines(reference));
        Map<String, String> actual = parse(Files.readAllLines(ours));
        assertFalse(actual.isEmpty(), "niotls wrote no key log line");
        String random = actual.keySet().iterator().next().split(" ")[1];
        Map<String, String> result = new TreeMap<>();
        actual.forEach((labelAndRandom, secret) -> {
            String[] parts = labelAndRandom.split(" ");
            assertEquals(random, parts[1], "one connection, one client random: " + actual);
            assertEquals(expected.get(labelAndRandom), secret, parts[0] + " differs from the peer's key log");
            result.put(parts[0], secret);
        });
        long theirsForRandom = expected.keySet().stream().filter(key -> key.endsWith(random)).count();
        assertEquals(theirsForRandom, result.size(), "the peer logged more secrets: " + expected.keySet());
        return result;
    }

    private static Map<String, String> parse(List<String> lines) {
        Map<String, String> map = new TreeMap<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.trim().split(" ");
            assertEquals(3, parts.length, "not an NSS key log line: " + line);
            map.put(parts[0] + " " + parts[1].toLowerCase(), parts[2].toLowerCase());
        }
        return map;
    }
}
