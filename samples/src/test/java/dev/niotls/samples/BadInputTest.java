package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoop;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.reactor.CloseReason;
import dev.niotls.tls.reactor.TlsCounters;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * echo-server against clients that misbehave: plaintext on the TLS port, silence, a reset in the
 * middle of a transfer, 2,000 connections opened and abandoned. Each time the server goes on
 * serving a well-behaved client, and every count of open connections returns to zero.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private ReactorServer server;
    private TlsContext client;
    private int port;

    /** The handshake timeout is short for the silent client, long where a loaded machine must not hit it. */
    private void start(String handshakeTimeout, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("echo-server", "--port", "0", "--loops", "2",
                "--handshake-timeout", handshakeTimeout));
        args.addAll(List.of(more));
        server = ServerCommands.startEcho(Options.parse(args.toArray(new String[0])));
        port = server.address(0).getPort();
        client = JavaClient.context(server.identity().certificatePem, "TLSv1.3", "TLSv1.2");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A well-behaved client still gets its bytes back; then nothing is left open. */
    private void serverStillServesAndForgets(long seed) throws Exception {
        JavaClient.echo(client, port, seed, 256 * 1024, 10_000);
        TlsCounters counters = server.counters();
        Poll.until(LIMIT, () -> counters.connectionsOpen() == 0 && reactorChannelsOpen() == 1
                && counters.buffersLent() == 0, () -> "left open: " + counters + "; reactor " + reactorChannelsOpen());
    }

    /** Registrations on the loops: the listener only, once every connection is gone. */
    private long reactorChannelsOpen() {
        long open = 0;
        for (int index = 0; index < server.group().size(); index++) {
            EventLoop loop = server.group().loop(index);
            open += loop.counters().channelsOpen();
        }
        return open;
    }

    private SocketChannel connect() throws IOException {
        return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
    }

    /** Reads until the server closes; returns the bytes it sent before (an alert, say). */
    private static int readUntilClosed(SocketChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        int total = 0;
        try {
            for (int read = channel.read(buffer); read >= 0; read = channel.read(buffer)) {
                total += read;
                buffer.clear();
            }
        } catch (IOException reset) {
            // the server may reset a connection it gave up on; closed is closed
        }
        return total;
    }

    @Test
    void plaintextOnTheTlsPortIsRefused() throws Exception {
        start("10s");
        try (SocketChannel plain = connect()) {
            plain.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            readUntilClosed(plain); // blocking read: returns at the server's close
        }
        Poll.until(LIMIT, () -> server.counters().handshakesFailed() == 1, () -> server.counters().toString());
        serverStillServesAndForgets(41);
        assertEquals(1, server.counters().closed(CloseReason.ERROR), server.counters().toString());
    }

    @Test
    void silentClientIsClosedAtTheHandshakeTimeout() throws Exception {
        start("1s");
        try (SocketChannel silent = connect()) {
            assertEquals(0, readUntilClosed(silent), "the server should close without a word");
        }
        Poll.until(LIMIT, () -> server.counters().closed(CloseReason.HANDSHAKE_TIMEOUT) == 1,
                () -> server.counters().toString());
        serverStillServesAndForgets(42);
    }

    @Test
    void idleClientIsClosedWithCloseNotify() throws Exception {
        start("10s", "--idle-timeout", "1s");
        try (SocketChannel channel = connect()) {
            TlsConnection tls = client.newConnection(new SocketBio(channel));
            tls.setConnectState();
            ByteBuffer ping = ByteBuffer.allocate(100);
            SeededBytes.fill(48, 0, ping);
            assertEquals(100, tls.write(ping.flip()));
            StreamVerifier verifier = new StreamVerifier(48);
            ByteBuffer echoed = ByteBuffer.allocate(200);
            int read;
            while ((read = tls.read(echoed.clear())) > 0) { // the echo, then nothing for a second
                verifier.accept(echoed.flip());
            }
            assertEquals(TlsError.ZERO_RETURN, tls.getError(read), () -> "read: " + tls.lastReason());
            assertNull(verifier.verdict(100));
            assertEquals(1, tls.shutdown(), "our close_notify answers the server's");
        }
        Poll.until(LIMIT, () -> server.counters().closed(CloseReason.IDLE_TIMEOUT) == 1, () -> server.counters().toString());
        serverStillServesAndForgets(49);
    }

    @Test
    void R5_clientResetInTheMiddleOfATransfer() throws Exception {
        start("10s");
        try (SocketChannel channel = connect()) {
            TlsConnection tls = client.newConnection(new SocketBio(channel));
            tls.setConnectState();
            ByteBuffer data = ByteBuffer.allocate(64 * 1024);
            SeededBytes.fill(43, 0, data);
            for (int round = 0; round < 4; round++) { // 256 KiB out, the echo left unread
                data.rewind();
                assertEquals(data.capacity(), tls.write(data), () -> "write: " + tls.lastReason());
            }
            channel.setOption(StandardSocketOptions.SO_LINGER, 0); // close() now sends RST, not FIN
        }
        Poll.until(LIMIT, () -> server.counters().closed(CloseReason.PEER_RESET) == 1, () -> server.counters().toString());
        serverStillServesAndForgets(44);
    }

    @Test
    void twoThousandConnectionsOpenedAndAbandoned() throws Exception {
        start("20s");
        List<SocketChannel> abandoned = new ArrayList<>();
        byte[] partialClientHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00}; // a record header and a bit more
        try {
            for (int index = 0; index < 2000; index++) {
                SocketChannel channel = connect();
                abandoned.add(channel);
                if (index % 3 == 1) {
                    channel.write(ByteBuffer.wrap(partialClientHello));
                }
                if (index % 3 == 2) {
                    channel.setOption(StandardSocketOptions.SO_LINGER, 0);
                }
                if (index % 500 == 0) {
                    JavaClient.echo(client, port, 45 + index, 64 * 1024, 4096); // the others are still served
                }
            }
            JavaClient.echo(client, port, 46, 256 * 1024, 10_000);
        } finally {
            for (SocketChannel channel : abandoned) {
                channel.close();
            }
        }
        serverStillServesAndForgets(47);
        assertTrue(server.counters().handshakesFailed() >= 2000, server.counters().toString());
    }
}
