package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.niotls.tls.testing.ChildProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The two copies of SPEC section 7, the didactic {@link RetryLoop} and the project's
 * {@link dev.niotls.tls.loop.ChannelDriver} (in {@link DriverEchoLoop}), serve the same scripted
 * {@code openssl s_client} session as echo servers; the client must get the same bytes (SHA-256) and end
 * the same way from both. Every session ends in a half-close: s_client sends its close_notify first (end
 * of its stdin) and the server answers with its own after the last echo.
 */
@Tag("interop")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RetryLoopAndDriverTest {
    @TempDir
    Path directory;

    /** What the peer got from one server. */
    record Outcome(String sha256, long bytes, int exitStatus) {
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // 16 MiB that s_client echoes while it writes: the servers' writes meet WANT_WRITE on the way.
        "W3_wantWriteMidWrite, 1.3, 16777216, ''",
        // s_client renegotiates once half came back; echo writes then drive the handshake (W10, WANT_READ).
        "W10_renegotiationMidStream, 1.2, 4194304, R",
        // s_client's KeyUpdate asking for ours, then one that does not (H4). RFC 8446 section 4.6.3 wants the
        // reply before our next data only, and RetryLoop (like OpenSSL's s_server) sends it with the next echo;
        // ChannelDriver flushes it at once: against the driver, s_client must receive it before it sends more.
        "H4_keyUpdateMidStream, 1.3, 4194304, K k",
    })
    void S1_bothCopiesGiveThePeerTheSameBytesAndEnd(String scenario, String tls, long total, String commands)
            throws Exception {
        long seed = scenario.hashCode();
        String[] script = commands.isEmpty() ? new String[0] : commands.split(" ");
        Outcome retryLoop = through(false, tls, seed, total, script);
        Outcome driver = through(true, tls, seed, total, script);
        Outcome expected = new Outcome(TextStream.sha256(seed, total), total, 0);
        assertEquals(expected, retryLoop, "RetryLoop");
        assertEquals(retryLoop, driver, "ChannelDriver against RetryLoop");
    }

    /** One session against a RetryLoop, or against a DriverEchoLoop, on a loop thread of its own. */
    private Outcome through(boolean channelDriver, String tls, long seed, long total, String[] script)
            throws Exception {
        Contexts.ServerIdentity identity = identity(tls);
        try (ServerSocketChannel listener = Servers.bind("127.0.0.1", 0)) {
            RetryLoop retryLoop = channelDriver ? null : new RetryLoop(identity.context, listener);
            DriverEchoLoop driverLoop = channelDriver ? new DriverEchoLoop(identity.context, listener) : null;
            Thread thread = new Thread(channelDriver ? driverLoop : retryLoop, channelDriver ? "driver-loop" : "retry-loop");
            thread.start();
            try {
                Outcome outcome = session(listener, identity, tls, seed, total, script, channelDriver);
                if (channelDriver) {
                    assertNull(driverLoop.failure(), "ChannelDriver's connection failed");
                }
                return outcome;
            } finally {
                if (channelDriver) {
                    driverLoop.stop();
                } else {
                    retryLoop.stop();
                }
                thread.join();
            }
        }
    }

    private static Contexts.ServerIdentity identity(String tls) throws UsageException {
        return Contexts.server(Options.parse("retry-loop", "--port", "0", "--tls", tls,
                "--allow-client-renegotiation"));
    }

    /**
     * The scripted s_client session (as {@link OpenSslClients#echo}), its outcome recorded, not asserted, except
     * with {@code eagerKeyUpdateReply}: after each "K" (a KeyUpdate asking for ours) s_client must receive the
     * server's KeyUpdate while it sends nothing, which only a server that flushes the reply by itself does
     * (ChannelDriver's zero-length write on {@code protocolOutputPending()}, W9).
     */
    private Outcome session(ServerSocketChannel listener, Contexts.ServerIdentity identity, String tls, long seed,
            long total, String[] script, boolean eagerKeyUpdateReply) throws IOException {
        int port = ((java.net.InetSocketAddress) listener.getLocalAddress()).getPort();
        // -msg -msgfile: the protocol messages go to a file of their own; stdout stays the echoed data.
        Path messages = Files.createTempFile(directory, "s_client-msg", ".txt");
        try (ChildProcess client = OpenSslClients.start(directory, port, identity.certificatePem, tls,
                "-msg", "-msgfile", messages.toString())) {
            long half = total / 2;
            OpenSslClients.feed(client, seed, 0, half);
            client.awaitStdoutSize(half, OpenSslClients.STEP);
            int renegotiations = 0;
            int keyUpdates = 0;
            int requested = 0;
            for (String command : script) {
                client.command(command);
                // s_client drops the rest of a stdin read that carried a command: wait until it acted.
                if (command.equals("R")) {
                    client.awaitOutput("RENEGOTIATING", ++renegotiations, OpenSslClients.STEP);
                } else {
                    client.awaitOutput("KEYUPDATE", ++keyUpdates, OpenSslClients.STEP);
                }
                if (eagerKeyUpdateReply && command.equals("K")) {
                    awaitKeyUpdateReceived(messages, ++requested);
                }
            }
            OpenSslClients.feed(client, seed, half, total);
            client.awaitStdoutSize(total, OpenSslClients.STEP);
            client.closeStdin(); // the half-close: s_client's close_notify goes first
            int status = client.awaitExit(OpenSslClients.STEP);
            return new Outcome(Files256.of(client.stdout().bytes()), client.stdout().length(), status);
        }
    }

    /** Waits (bounded) until s_client's message log shows {@code count} KeyUpdate messages received from the server. */
    private static void awaitKeyUpdateReceived(Path messages, int count) throws IOException {
        long deadline = System.nanoTime() + OpenSslClients.STEP.toNanos();
        while (receivedKeyUpdates(messages) < count) {
            if (System.nanoTime() > deadline) {
                fail("s_client received " + receivedKeyUpdates(messages) + " KeyUpdate(s) from the server, not "
                        + count + ", while it sent no data: the requested reply was not flushed (H4)");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** s_client's -msg lines for a received KeyUpdate read "<<< TLS 1.3, Handshake [length 0005], KeyUpdate". */
    private static long receivedKeyUpdates(Path messages) throws IOException {
        try (var lines = Files.lines(messages, StandardCharsets.ISO_8859_1)) {
            return lines.filter(line -> line.startsWith("<<<") && line.endsWith("KeyUpdate")).count();
        }
    }
}
