package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.testing.ChildProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** https-server against curl (verifying the certificate: no -k) and wrk. */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class HttpsInteropTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;
    private ReactorServer server;
    private String url;
    private String caPem;

    @BeforeEach
    void start() throws Exception {
        server = ServerCommands.startHttps(Options.parse("https-server", "--port", "0"));
        url = "https://localhost:" + server.address(0).getPort() + "/";
        caPem = server.identity().certificatePem.toString();
    }

    @AfterEach
    void stop() {
        server.close();
        Poll.until(Duration.ofSeconds(10), () -> server.counters().connectionsOpen() == 0,
                () -> "connections left open: " + server.counters());
    }

    /** curl, resolving localhost to 127.0.0.1 (the server listens on IPv4 only). */
    private ChildProcess curl(String... arguments) throws Exception {
        String[] command = new String[arguments.length + 7];
        String[] head = {"curl", "--silent", "--show-error", "--cacert", caPem, "--resolve",
            "localhost:" + server.address(0).getPort() + ":127.0.0.1"};
        System.arraycopy(head, 0, command, 0, head.length);
        System.arraycopy(arguments, 0, command, head.length, arguments.length);
        ChildProcess curl = ChildProcess.run(directory, LIMIT, command);
        assertEquals(0, curl.awaitExit(LIMIT), curl.describe());
        return curl;
    }

    @Test
    void curlVerifiesTheGeneratedCertificateAndGetsHelloWorld() throws Exception {
        assertEquals(HttpHandler.BODY, curl(url).stdout().text());
    }

    @Test
    void curlReusesTheConnectionForTwoUrls() throws Exception {
        ChildProcess curl = curl("--write-out", "connects=%{num_connects}\\n", url, url + "again");
        assertEquals(HttpHandler.BODY + "connects=1\n" + HttpHandler.BODY + "connects=0\n", curl.stdout().text());
        assertEquals(1, server.counters().handshakesDone(), server.counters().toString());
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        ChildProcess curl = curl("--verbose", "--header", "Connection: close", url, url + "again");
        assertEquals(HttpHandler.BODY + HttpHandler.BODY, curl.stdout().text());
        assertTrue(curl.stderr().text().contains("< Connection: close"), curl.describe());
        assertFalse(curl.stderr().text().contains("Re-using existing connection"), curl.describe());
        assertEquals(2, server.counters().handshakesDone(), server.counters().toString());
    }

    @Test
    void wrkFiveSecondsWithoutErrors() throws Exception {
        // --timeout: a loaded machine may be slow to answer; a slow answer is not an error of the server.
        ChildProcess wrk = ChildProcess.run(directory, LIMIT, "wrk", "-t1", "-c10", "-d5s", "--timeout", "30s", url);
        assertEquals(0, wrk.awaitExit(LIMIT), wrk.describe());
        String report = wrk.stdout().text();
        assertFalse(report.contains("Non-2xx or 3xx responses"), report);
        assertFalse(report.contains("Socket errors"), report);
        Matcher requests = Pattern.compile("(\\d+) requests in").matcher(report);
        assertTrue(requests.find() && Long.parseLong(requests.group(1)) > 0, report);
    }

    @Test
    void curlDownloadsBytesN() throws Exception {
        Path file = directory.resolve("bytes");
        ChildProcess curl = curl("--output", file.toString(), "--write-out", "%{http_code} %{size_download}", url + "bytes/5000000");
        assertEquals("200 5000000", curl.stdout().text());
        assertEquals(5000000, java.nio.file.Files.size(file));
    }

    @Test
    void bytesBeyondTheCapIsA400ThatSaysTheCap() throws Exception {
        ChildProcess curl = curl("--write-out", "\n%{http_code}", url + "bytes/" + (HttpConversation.MAX_BYTES + 1));
        assertEquals("GET /bytes/N takes N from 0 to " + HttpConversation.MAX_BYTES + "\n\n400", curl.stdout().text());
    }

    @Test
    void requestWithBareLineFeedsIsAnswered() throws Exception {
        String answer = JavaClient.exchange(JavaClient.context(Path.of(caPem), "TLSv1.3"), server.address(0).getPort(),
                "GET / HTTP/1.1\nHost: localhost\nConnection: close\n\n");
        assertTrue(answer.startsWith("HTTP/1.1 200 OK\r\n") && answer.endsWith(HttpHandler.BODY), answer);
    }

    @Test
    void malformedRequestGetsA400AndTheConnectionClosesWithoutWaiting() throws Exception {
        // No empty line follows: a server waiting for the end of the head would never answer.
        String answer = JavaClient.exchange(JavaClient.context(Path.of(caPem), "TLSv1.2"), server.address(0).getPort(),
                "this is not http\n");
        assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
    }
}
