package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.SocketBio;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The demo's self-test, and the graceful shutdown that Ctrl-C starts. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoTest {
    @Test
    void selfTestPassesAndPrintsTheLinesToTry() {
        PrintStream standardOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        int status;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            status = Main.run("--self-test", "--port", "0");
        } finally {
            System.setOut(standardOut);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertEquals(0, status, output);
        assertTrue(output.contains("curl --cacert /"), output);
        assertTrue(output.contains("openssl s_client -connect localhost:"), output);
        assertTrue(output.contains("self-test: all checks passed"), output);
    }

    @Test
    void shutdownSendsCloseNotifyToAConnectedClient() throws Exception {
        ReactorServer server = ServerCommands.startEcho(Options.parse("echo-server", "--port", "0"));
        CompletableFuture<Void> closed;
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.address(0).getPort()))) {
            TlsConnection tls = JavaClient.context(server.identity().certificatePem, "TLSv1.3")
                    .newConnection(new SocketBio(channel));
            tls.setConnectState();
            ByteBuffer ping = ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals(4, tls.write(ping));
            ByteBuffer echoed = ByteBuffer.allocate(16);
            assertEquals(4, tls.read(echoed));
            closed = CompletableFuture.runAsync(server::close); // what the Ctrl-C hook does
            int end = tls.read(echoed.clear());
            assertEquals(TlsError.ZERO_RETURN, tls.getError(end), () -> "read: " + tls.lastReason());
            assertEquals(1, tls.shutdown(), "our close_notify answers the server's");
        }
        closed.get(30, TimeUnit.SECONDS);
        assertEquals(0, server.counters().connectionsOpen(), server.counters().toString());
    }
}
