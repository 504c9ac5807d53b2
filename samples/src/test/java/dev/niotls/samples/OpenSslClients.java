package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.niotls.tls.testing.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Drives {@code openssl s_client} in its interactive mode against a server of the samples. */
final class OpenSslClients {
    static final Duration STEP = Duration.ofSeconds(60);
    private static final int CHUNK = 64 * 1024;

    private OpenSslClients() {
    }

    /**
     * Starts s_client against 127.0.0.1:{@code port} verifying the server with {@code caPem}. {@code -brief}
     * keeps the interactive commands (unlike {@code -quiet}) and leaves stdout to the received data.
     */
    static ChildProcess start(Path directory, int port, Path caPem, String tls, String... extra) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-CAfile", caPem.toString(), "-verify_return_error", "-brief", tls.equals("1.2") ? "-tls1_2" : "-tls1_3"));
        command.addAll(List.of(extra));
        ChildProcess client = ChildProcess.start(directory, command.toArray(new String[0]));
        client.awaitOutput("CONNECTION ESTABLISHED", STEP);
        return client;
    }

    /**
     * Sends {@code total} bytes of text stream {@code seed} through s_client to an echo server, with
     * each of {@code commands} (R, K, k) sent alone in the middle once the first half came back, and
     * checks the SHA-256 of everything echoed.
     */
    static void echo(Path directory, int port, Path caPem, String tls, long seed, long total, String... commands)
            throws IOException {
        try (ChildProcess client = start(directory, port, caPem, tls)) {
            long half = total / 2;
            feed(client, seed, 0, half);
            // A command counts only when a read of stdin starts with it: let the data drain first.
            client.awaitStdoutSize(half, STEP);
            int renegotiations = 0;
            int keyUpdates = 0;
            for (String command : commands) {
                client.command(command);
                // Each command must be consumed before the data goes on: s_client drops the rest of
                // the stdin read that carried a command, so "k\n" and data in one read loses data.
                if (command.equals("R")) {
                    client.awaitOutput("RENEGOTIATING", ++renegotiations, STEP);
                } else {
                    client.awaitOutput("KEYUPDATE", ++keyUpdates, STEP);
                }
            }
            feed(client, seed, half, total);
            client.awaitStdoutSize(total, STEP);
            client.closeStdin(); // s_client sends close_notify at the end of its stdin
            client.awaitExit(STEP);
            assertEquals(TextStream.sha256(seed, total), Files256.of(client.stdout().bytes()),
                    "SHA-256 of the echoed stream; " + client.describe());
        }
    }

    static void feed(ChildProcess program, long seed, long from, long to) throws IOException {
        for (long offset = from; offset < to; offset += CHUNK) {
            program.write(TextStream.chunk(seed, offset, (int) Math.min(CHUNK, to - offset)));
        }
    }
}
