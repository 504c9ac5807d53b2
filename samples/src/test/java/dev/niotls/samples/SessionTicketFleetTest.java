package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two https-servers sharing one {@code --session-ticket-keys} file, as a fleet behind a load balancer: one in this
 * JVM, one a separate process ({@code java -cp ... dev.niotls.samples.Main https-server}, the samples jar's main
 * class). Sessions made with one are resumed by the other: {@code openssl s_client -sess_out} then
 * {@code -sess_in}, and curl within one invocation. The separate process reloads the key file when it changes and
 * keeps its keys when the new file is bad.
 */
@Tag("interop")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SessionTicketFleetTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("https-server: .* on ([0-9.]+):(\\d+),");

    @TempDir
    Path directory;
    private Path cert;
    private Path key;
    private Path keys;
    private ReactorServer first;
    private ChildProcess second;
    private int secondPort;

    private static String keyLine(int seed) {
        byte[] bytes = new byte[48];
        new Random(seed).nextBytes(bytes);
        return HexFormat.of().formatHex(bytes, 0, 16) + " " + HexFormat.of().formatHex(bytes, 16, 48) + "\n";
    }

    @BeforeEach
    void start() throws Exception {
        cert = directory.resolve("cert.pem");
        key = directory.resolve("key.pem");
        ChildProcess req = ChildProcess.run(directory, LIMIT, "openssl", "req", "-x509", "-newkey", "ec",
                "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:127.0.0.2",
                "-keyout", key.toString(), "-out", cert.toString());
        assertEquals(0, req.awaitExit(LIMIT), req.describe());
        keys = directory.resolve("ticket.keys");
        Files.writeString(keys, keyLine(1));
        first = ServerCommands.startHttps(Options.parse("https-server", "--port", "0", "--cert", cert.toString(),
                "--key", key.toString(), "--session-ticket-keys", keys.toString()));
    }

    /** The second server, a process of its own, on {@code host} and {@code port} (0: any). */
    private void startSecond(String host, int port) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        second = ChildProcess.start(directory, java, "-cp", System.getProperty("java.class.path"),
                "dev.niotls.samples.Main", "https-server", "--host", host, "--port", Integer.toString(port),
                "--cert", cert.toString(), "--key", key.toString(), "--session-ticket-keys", keys.toString());
        second.awaitOutput("TLS 1.2 session tickets with the keys of " + keys, LIMIT);
        Matcher listening = LISTENING.matcher(second.stdout().text());
        assertTrue(listening.find(), second.describe());
        secondPort = Integer.parseInt(listening.group(2));
    }

    @AfterEach
    void stop() {
        if (second != null) {
            second.close();
        }
        first.close();
    }

    private int firstPort() {
        return first.address(0).getPort();
    }

    /** {@code s_client -tls1_2} to 127.0.0.1:port with {@code -sess_in in} and/or {@code -sess_out out}. */
    private String sClient(int port, Path in, Path out) throws Exception {
        StringBuilder command = new StringBuilder();
        ChildProcess client = ChildProcess.run(directory, LIMIT, sClientCommand(port, in, out));
        assertEquals(0, client.awaitExit(LIMIT), client.describe());
        command.append(client.stdout().text());
        return command.toString();
    }

    private String[] sClientCommand(int port, Path in, Path out) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("openssl", "s_client",
                "-connect", "127.0.0.1:" + port, "-servername", "localhost", "-tls1_2", "-CAfile", cert.toString(),
                "-verify_return_error"));
        if (in != null) {
            command.addAll(java.util.List.of("-sess_in", in.toString()));
        }
        if (out != null) {
            command.addAll(java.util.List.of("-sess_out", out.toString()));
        }
        return command.toArray(new String[0]);
    }

    @Test
    void sessionOfOneProcessIsResumedByTheOther() throws Exception {
        startSecond("127.0.0.1", 0);
        Path fromFirst = directory.resolve("first.session");
        String made = sClient(firstPort(), null, fromFirst);
        assertTrue(made.contains("New, TLSv1.2") && made.contains("TLS session ticket:"), made);
        String resumed = sClient(secondPort, fromFirst, null);
        assertTrue(resumed.contains("Reused, TLSv1.2"), "the second process resumes: " + resumed);

        Path fromSecond = directory.resolve("second.session");
        assertTrue(sClient(secondPort, null, fromSecond).contains("New, TLSv1.2"));
        assertTrue(sClient(firstPort(), fromSecond, null).contains("Reused, TLSv1.2"), "and the other way");
    }

    @Test
    void curlResumesItsSessionOnTheNextConnection() throws Exception {
        String url = "https://localhost:" + firstPort() + "/";
        ChildProcess curl = ChildProcess.run(directory, LIMIT, "curl", "--verbose", "--silent", "--show-error",
                "--cacert", cert.toString(), "--tlsv1.2", "--tls-max", "1.2", "--resolve",
                "localhost:" + firstPort() + ":127.0.0.1", "--header", "Connection: close", url, url + "again");
        assertEquals(0, curl.awaitExit(LIMIT), curl.describe());
        assertEquals(HttpHandler.BODY + HttpHandler.BODY, curl.stdout().text());
        assertTrue(curl.stderr().text().contains("SSL re-using session ID"), curl.describe());
        assertEquals(2, first.counters().handshakesDone(), first.counters().toString());
    }

    /**
     * curl keys its sessions by host and port: the second process listens on the same port of 127.0.0.2, and
     * {@code --next --resolve} sends the second request there (the first one asks the server to close, so that
     * curl connects again).
     */
    @Test
    void curlResumesOnTheOtherProcess() throws Exception {
        startSecond("127.0.0.2", firstPort());
        String host = "localhost:" + firstPort();
        String url = "https://" + host + "/";
        ChildProcess curl = ChildProcess.run(directory, LIMIT, "curl", "--verbose", "--silent", "--show-error",
                "--cacert", cert.toString(), "--tlsv1.2", "--tls-max", "1.2", "--resolve", host + ":127.0.0.1",
                "--header", "Connection: close", url, "--next", "--verbose", "--silent", "--show-error", "--cacert", cert.toString(), "--tlsv1.2",
                "--tls-max", "1.2", "--resolve", host + ":127.0.0.2", url + "other");
        assertEquals(0, curl.awaitExit(LIMIT), curl.describe());
        String log = curl.stderr().text();
        assertTrue(log.contains("Connected to localhost (127.0.0.2)"), curl.describe());
        assertTrue(log.indexOf("SSL re-using session ID") > log.indexOf("(127.0.0.2)"), curl.describe());
        assertEquals(1, first.counters().handshakesDone(), first.counters().toString());
    }

    @Test
    void secondProcessReloadsTheKeyFileAndKeepsItsKeysWhenTheFileIsBad() throws Exception {
        startSecond("127.0.0.1", 0);
        Path session = directory.resolve("reload.session");
        assertTrue(sClient(secondPort, null, session).contains("New, TLSv1.2"));
        assertTrue(sClient(secondPort, session, null).contains("Reused, TLSv1.2"));

        replace(keys, "not a key\n");
        second.awaitOutput("not loaded", LIMIT);
        assertTrue(second.stderr().text().contains("line 1: expected \"NAME SECRET\""), second.describe());
        assertTrue(sClient(secondPort, session, null).contains("Reused, TLSv1.2"), "a bad file keeps the keys");

        replace(keys, keyLine(2));
        second.awaitOutput("session ticket keys reloaded", LIMIT);
        assertTrue(sClient(secondPort, session, null).contains("New, TLSv1.2"),
                "the old key is no longer in the file: full handshake");
    }

    private static void replace(Path file, String content) throws Exception {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
