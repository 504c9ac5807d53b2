package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.TestContexts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The idle and close timeouts on the loops' timers (the handshake timeout is in {@link BadClientsTest}). */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeoutsTest {
    private final EventLoopGroup serverGroup = new EventLoopGroup(1);
    private final EventLoopGroup clientGroup = new EventLoopGroup(1);

    @AfterEach
    void stop() {
        clientGroup.close();
        serverGroup.close();
    }

    @Test
    void idleConnectionIsClosedGracefullyAfterItsTransfer() throws Exception {
        StreamServer.Record record = new StreamServer.Record();
        TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(false), TlsServerOptions.defaults().idleTimeout(Duration.ofSeconds(1)),
                () -> new StreamServer(record));
        StreamClient client = new StreamClient(21, 1 << 20, 1 << 20);
        client.closeWhenDone = false;
        TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(false), "localhost",
                TlsClientOptions.defaults(), client);
        // The server closes (close_notify); the client's default onPeerClosed answers with its own.
        StreamClient.Outcome outcome = client.outcome.get(30, TimeUnit.SECONDS);
        assertTrue(outcome.clean(), outcome::toString);
        Await.until("the server channel closed", () -> record.closedTotal() == 1, Duration.ofSeconds(10));
        assertEquals(1, record.closed(CloseReason.IDLE_TIMEOUT), record::toString);
        assertEquals(1L << 20, server.counters().bytesOut());
        assertEquals((1L << 20) + 24, server.counters().bytesIn());
        server.close();
    }

    @Test
    void closeTimesOutWhenThePeerNeverReads() throws Exception {
        CompletableFuture<CloseReason> serverClosed = new CompletableFuture<>();
        long size = 16L << 20; // more than the loopback socket buffers hold (4 MiB send + 128 KiB receive)
        TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(true), TlsServerOptions.defaults().closeTimeout(Duration.ofMillis(500)),
                () -> new TlsHandler() {
                    @Override
                    public void onHandshake(TlsChannel channel) {
                        ByteBuffer data = ByteBuffer.allocate((int) size);
                        new SeededStream(31).fill(data);
                        channel.send(data.flip());
                        channel.close(); // close_notify goes after the 16 MiB, which never leave
                    }

                    @Override
                    public void onData(TlsChannel channel, ByteBuffer data) {
                        // The client's header: ignored, this server only sends.
                    }

                    @Override
                    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
                        serverClosed.complete(reason);
                    }
                });
        StreamClient client = new StreamClient(31, 0, size);
        client.pauseAtHandshake = true;
        client.closeWhenDone = false;
        TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(true), "localhost",
                TlsClientOptions.defaults(), client);
        assertEquals(CloseReason.CLOSE_TIMEOUT, serverClosed.get(30, TimeUnit.SECONDS));
        TlsCounters counters = server.counters();
        assertEquals(0, counters.connectionsOpen());
        assertEquals(1, counters.closed(CloseReason.CLOSE_TIMEOUT));
        assertTrue(counters.bytesOut() < size, counters::toString);
        assertEquals(0, counters.buffersLent(), counters::toString);
        server.close();
    }
}
