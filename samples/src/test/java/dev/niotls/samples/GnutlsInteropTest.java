package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.testing.ChildProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** echo-server against gnutls-cli: a TLS 1.2 rehandshake, and TLS 1.3 key updates with ^rekey^. */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GnutlsInteropTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);
    private static final int LINE = 16 * 1024;

    @TempDir
    Path directory;

    private ChildProcess gnutls(ReactorServer server, String priority, String... extra) throws Exception {
        String[] head = {"gnutls-cli", "--x509cafile", server.identity().certificatePem.toString(),
            "--verify-hostname", "localhost", "--port", Integer.toString(server.address(0).getPort()),
            "--priority", priority};
        String[] command = new String[head.length + extra.length + 1];
        System.arraycopy(head, 0, command, 0, head.length);
        System.arraycopy(extra, 0, command, head.length, extra.length);
        command[command.length - 1] = "127.0.0.1";
        return ChildProcess.start(directory, command);
    }

    /** Sends one line of text stream {@code seed} and waits until the echo of it is on stdout. */
    private static void echoLine(ChildProcess client, long seed) throws Exception {
        String line = new String(TextStream.chunk(seed, 0, LINE), StandardCharsets.US_ASCII);
        client.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
        Poll.until(LIMIT, () -> client.stdout().text().contains(line + "\n"), () -> "no echo of line " + seed + "; "
                + client.describe());
    }

    @Test
    void H3_rehandshakeOnTls12() throws Exception {
        try (ReactorServer server = ServerCommands.startEcho(Options.parse("echo-server", "--port", "0", "--tls", "1.2",
                "--allow-client-renegotiation"));
                ChildProcess client = gnutls(server, "NORMAL:-VERS-ALL:+VERS-TLS1.2", "--rehandshake")) {
            client.awaitOutput("ReHandshake was completed", LIMIT);
            echoLine(client, 31);
            echoLine(client, 32);
            assertEquals(1, server.counters().renegotiations(), server.counters().toString());
            client.closeStdin();
            assertEquals(0, client.awaitExit(LIMIT), client.describe());
        }
    }

    @Test
    void H4_rekeyOnTls13() throws Exception {
        try (ReactorServer server = ServerCommands.startEcho(Options.parse("echo-server", "--port", "0", "--tls", "1.3"));
                ChildProcess client = gnutls(server, "NORMAL:-VERS-ALL:+VERS-TLS1.3", "--inline-commands")) {
            client.awaitOutput("Handshake was completed", LIMIT);
            echoLine(client, 33);
            client.command("^rekey^"); // gnutls_session_key_update(GNUTLS_KU_PEER): ours, and asks for the server's
            Poll.until(LIMIT, () -> server.counters().keyUpdatesReceived() >= 1, () -> server.counters().toString());
            echoLine(client, 34);
            assertTrue(server.counters().keyUpdatesSent() >= 1, server.counters().toString());
            client.closeStdin();
            assertEquals(0, client.awaitExit(LIMIT), client.describe());
        }
    }
}
