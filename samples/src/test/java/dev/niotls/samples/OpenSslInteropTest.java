package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.reactor.TlsCounters;
import dev.niotls.tls.testing.ChildProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples against openssl: s_client renegotiating (R) or updating keys (K, k) in the middle of
 * 64 MiB from stream-server and through echo-server, and stream-client uploading 64 MiB to s_server
 * while s_server renegotiates (r, R) or updates keys (k, K). Every byte is verified.
 */
@Tag("interop")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class OpenSslInteropTest {
    private static final long SIZE = 64L << 20;
    private static final Duration LIMIT = OpenSslClients.STEP;

    @TempDir
    Path directory;

    // ---- s_client against stream-server ----

    @Test
    void H3_sClientRenegotiatesInTheMiddleOfA64MiBStream() throws Exception {
        streamToSClient("1.2", "R", counters -> counters.renegotiations(), "--allow-client-renegotiation");
    }

    @Test
    void H4_sClientUpdatesKeysInTheMiddleOfA64MiBStream() throws Exception {
        streamToSClient("1.3", "K", counters -> counters.keyUpdatesReceived());
    }

    private interface Counter {
        long of(TlsCounters counters);
    }

    /**
     * The server stops at half the stream until the client's command took effect (--pause-at): s_client
     * reads its stdin only when the socket is idle, and OpenSSL aborts a renegotiation of its own that
     * meets application data before the ServerHello (SSL_R_UNEXPECTED_RECORD).
     */
    private void streamToSClient(String tls, String command, Counter done, String... serverFlags) throws Exception {
        String[] args = concat(new String[] {"stream-server", "--port", "0", "--tls", tls, "--bytes", "64m",
            "--seed", "21", "--pause-at", "32m"}, serverFlags);
        try (ServerCommands.StreamServer streams = new ServerCommands.StreamServer(Options.parse(args));
                ChildProcess client = OpenSslClients.start(directory, streams.server.address(0).getPort(),
                        streams.server.identity().certificatePem, tls)) {
            client.awaitStdoutSize(SIZE / 2, LIMIT);
            assertEquals(SIZE / 2, client.stdout().length(), "the stream should wait at half");
            client.command(command);
            client.awaitOutput(command.equals("R") ? "RENEGOTIATING" : "KEYUPDATE", LIMIT);
            TlsCounters counters = streams.server.counters();
            Poll.until(LIMIT, () -> done.of(counters) >= 1, () -> "the server saw no " + command + ": " + counters
                    + "; " + client.describe());
            assertEquals(0, client.awaitExit(LIMIT), client.describe()); // the server's close_notify ends s_client
            assertEquals(Files256.ofStream(21, SIZE), Files256.of(client.stdout().bytes()), client.describe());
            StreamOutcome outcome = streams.outcomes.poll(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(outcome != null && outcome.ok, String.valueOf(outcome));
        }
    }

    // ---- s_client through echo-server ----

    @Test
    void H3_sClientRenegotiatesInTheMiddleOf64MiBEchoed() throws Exception {
        try (ReactorServer server = ServerCommands.startEcho(Options.parse("echo-server", "--port", "0", "--tls", "1.2",
                "--allow-client-renegotiation"))) {
            OpenSslClients.echo(directory, server.address(0).getPort(), server.identity().certificatePem, "1.2", 22, SIZE, "R");
            assertEquals(1, server.counters().renegotiations(), server.counters().toString());
        }
    }

    @Test
    void H4_sClientUpdatesKeysInTheMiddleOf64MiBEchoed() throws Exception {
        try (ReactorServer server = ServerCommands.startEcho(Options.parse("echo-server", "--port", "0", "--tls", "1.3"))) {
            OpenSslClients.echo(directory, server.address(0).getPort(), server.identity().certificatePem, "1.3", 23, SIZE,
                    "K", "k");
            assertEquals(2, server.counters().keyUpdatesReceived(), server.counters().toString());
        }
    }

    // ---- --cert and --key made by openssl ----

    @Test
    void echoServerWithAnRsaCertificateAndKeyMadeByOpenssl() throws Exception {
        Path[] files = certificate("rsa:2048");
        try (ReactorServer server = ServerCommands.startEcho(Options.parse("echo-server", "--port", "0",
                "--cert", files[0].toString(), "--key", files[1].toString()))) {
            assertEquals(files[0], server.identity().certificatePem);
            JavaClient.echo(JavaClient.context(files[0], "TLSv1.3"), server.address(0).getPort(), 25, 1 << 20, 5000);
            JavaClient.echo(JavaClient.context(files[0], "TLSv1.2"), server.address(0).getPort(), 26, 1 << 20, 5000);
        }
    }

    /** A self-signed certificate for localhost and 127.0.0.1 and its key, made by openssl req. */
    private Path[] certificate(String keySpec) throws Exception {
        Path certificate = Files.createTempFile(directory, "cert-", ".pem");
        Path key = Files.createTempFile(directory, "key-", ".pem");
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", keySpec));
        if (keySpec.equals("ec")) {
            command.addAll(List.of("-pkeyopt", "ec_paramgen_curve:P-256"));
        }
        command.addAll(List.of("-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                "-days", "2", "-keyout", key.toString(), "-out", certificate.toString()));
        ChildProcess generated = ChildProcess.run(directory, LIMIT, command.toArray(new String[0]));
        assertEquals(0, generated.awaitExit(LIMIT), generated.describe());
        return new Path[] {certificate, key};
    }

    // ---- stream-client against s_server ----

    @Test
    void W10_uploadToSServerThatRenegotiatesTwice() throws Exception {
        uploadToSServer("1.2", "r", "R", counters -> counters.renegotiations());
    }

    @Test
    void H4_uploadToSServerThatUpdatesKeysTwice() throws Exception {
        uploadToSServer("1.3", "k", "K", counters -> counters.keyUpdatesReceived());
    }

    /**
     * s_server prints what it receives; commands go to its stdin. The second command waits until the
     * first took effect, so that both count: s_server sends a second HelloRequest without waiting for
     * the first to be answered, and a client ignores a HelloRequest that comes during a handshake
     * (RFC 5246 section 7.4.1.1).
     */
    private void uploadToSServer(String tls, String first, String second, Counter done) throws Exception {
        Path[] files = certificate("ec");
        Path certificate = files[0];
        Path key = files[1];
        int port = freePort();
        try (ChildProcess server = ChildProcess.start(directory, "openssl", "s_server", "-accept",
                Integer.toString(port), "-naccept", "1", "-cert", certificate.toString(), "-key", key.toString(),
                tls.equals("1.2") ? "-tls1_2" : "-tls1_3");
                EventLoopGroup group = new EventLoopGroup(1)) {
            server.awaitOutput("ACCEPT", LIMIT);
            CompletableFuture<StreamOutcome> upload = StreamClientCommand.start(Options.parse("stream-client", "--port",
                    Integer.toString(port), "--upload", "--bytes", "64m", "--seed", "24", "--rate", "24m",
                    "--tls", tls, "--cacert", certificate.toString(), "--server-name", "localhost"), group);
            TlsCounters counters = TlsCounters.of(group);
            command(server, SIZE / 4, first, () -> done.of(counters), 1, counters);
            command(server, SIZE / 2, second, () -> done.of(counters), 2, counters);
            StreamOutcome outcome = upload.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(outcome.ok, outcome + "; " + server.describe());
            assertEquals(0, server.awaitExit(LIMIT), server.describe()); // -naccept 1: one connection, then exit
            assertNull(InterleavedStream.check(server.stdout().bytes(), 24, SIZE));
        }
    }

    private static void command(ChildProcess server, long after, String command, LongSupplier done, long count,
            TlsCounters counters) throws Exception {
        server.awaitStdoutSize(after, LIMIT);
        server.command(command);
        Poll.until(LIMIT, () -> done.getAsLong() >= count,
                () -> "'" + command + "' not seen by the client: " + counters + "; " + server.describe());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static String[] concat(String[] head, String[] tail) {
        String[] all = new String[head.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
