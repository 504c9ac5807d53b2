package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.testing.TestContexts;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client's failures, and the ways a channel is closed from outside: server close, group shutdown. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientAndShutdownTest {
    private final EventLoopGroup serverGroup = new EventLoopGroup(1);
    private final EventLoopGroup clientGroup = new EventLoopGroup(1);
    private final StreamServer.Record record = new StreamServer.Record();

    @AfterEach
    void stop() {
        clientGroup.close();
        serverGroup.close();
    }

    private TlsServer startServer() throws Exception {
        return TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(true), TlsServerOptions.defaults(), () -> new StreamServer(record));
    }

    private StreamClient connect(TlsServer server, TlsContext context, long seed) {
        StreamClient client = new StreamClient(seed, 100_000, 100_000);
        TlsClient.connect(clientGroup, server.localAddress(), context, "localhost", TlsClientOptions.defaults(), client);
        return client;
    }

    @Test
    void refusedConnectIsReportedAsConnectFailed() throws Exception {
        InetSocketAddress closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = (InetSocketAddress) socket.getLocalSocketAddress();
        }
        StreamClient client = new StreamClient(1, 10, 10);
        TlsClient.connect(clientGroup, closedPort, TestContexts.client(true), "localhost", TlsClientOptions.defaults(), client);
        StreamClient.Outcome outcome = client.outcome.get(20, TimeUnit.SECONDS);
        assertEquals(CloseReason.CONNECT_FAILED, outcome.reason());
        assertInstanceOf(ConnectException.class, outcome.cause());
        TlsCounters counters = TlsCounters.of(clientGroup);
        assertEquals(1, counters.closed(CloseReason.CONNECT_FAILED));
        assertEquals(0, counters.connectionsOpen());
    }

    @Test
    void H2_untrustedServerCertificateFailsTheHandshakeOnBothSides() throws Exception {
        TlsServer server = startServer();
        // Trusts the TLS 1.2 server's certificate, not this one's.
        TlsContext wrongTrust = TlsContext.client().trust(TestContexts.server(false).certificateChain().get(0))
                .serverName("localhost").build();
        StreamClient client = connect(server, wrongTrust, 2);
        StreamClient.Outcome outcome = client.outcome.get(20, TimeUnit.SECONDS);
        assertEquals(CloseReason.ERROR, outcome.reason(), outcome::toString);
        assertEquals(TlsReason.CERTIFICATE_VERIFY_FAILED, assertInstanceOf(TlsException.class, outcome.cause()).reason());
        Await.until("the server side closed", () -> record.closedTotal() == 1, Duration.ofSeconds(10));
        assertEquals(1, server.counters().handshakesFailed());
        assertEquals(1, TlsCounters.of(clientGroup).handshakesFailed());
        assertEquals(0, server.counters().connectionsOpen());
        server.close();
    }

    @Test
    void serverCloseEndsItsConnectionsWithCloseNotify() throws Exception {
        TlsServer server = startServer();
        StreamClient client = connect(server, TestContexts.client(true), 3);
        client.closeWhenDone = false;
        TlsChannel channel = client.established.get(20, TimeUnit.SECONDS);
        TlsCounters counters = TlsCounters.of(clientGroup);
        Await.until("the download", () -> counters.bytesIn() == 100_000, Duration.ofSeconds(20));
        server.close();
        StreamClient.Outcome outcome = client.outcome.get(20, TimeUnit.SECONDS);
        assertTrue(outcome.clean(), outcome::toString);
        Await.until("the server side closed", () -> record.closedTotal() == 1, Duration.ofSeconds(10));
        assertEquals(1, record.closed(CloseReason.CLEAN), record::toString);
        assertTrue(!channel.isOpen());
        assertEquals(0, server.counters().connectionsOpen());
    }

    @Test
    void W11_halfCloseBothWays() throws Exception {
        TlsServer server = startServer();
        // The client's close_notify right after its upload; the server's 2 MiB still arrive after it,
        // and the server's close_notify follows its last byte.
        StreamClient client = new StreamClient(5, 50_000, 2 << 20);
        client.closeAfterUpload = true;
        TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(true), "localhost",
                TlsClientOptions.defaults(), client);
        StreamClient.Outcome outcome = client.outcome.get(20, TimeUnit.SECONDS);
        assertTrue(outcome.clean(), outcome::toString);
        Await.until("the server side closed", () -> record.closedTotal() == 1, Duration.ofSeconds(10));
        assertEquals(1, record.verified.get(), record::toString);
        assertEquals(1, record.closed(CloseReason.CLEAN), record::toString);
        assertEquals(2 << 20, TlsCounters.of(clientGroup).bytesIn());
        server.close();
    }

    @Test
    void groupShutdownClosesItsChannelsGracefully() throws Exception {
        TlsServer server = startServer();
        StreamClient client = connect(server, TestContexts.client(true), 4);
        client.closeWhenDone = false;
        TlsChannel channel = client.established.get(20, TimeUnit.SECONDS);
        TlsCounters counters = TlsCounters.of(clientGroup);
        Await.until("the download", () -> counters.bytesIn() == 100_000, Duration.ofSeconds(20));
        assertThrows(IllegalStateException.class, () -> channel.send(ByteBuffer.allocate(1)), "send off the loop");
        ByteBuffer loopBuffer = Await.onLoop(channel.loop(), () -> LoopResources.of(channel.loop()).readBuffer());
        IllegalArgumentException misuse = Await.onLoop(channel.loop(), () -> assertThrows(
                IllegalArgumentException.class, () -> channel.send(loopBuffer.slice())));
        assertTrue(misuse.getMessage().contains("copy"), misuse::getMessage);
        clientGroup.close(); // the client's close_notify: the server verifies the upload and answers
        StreamClient.Outcome outcome = client.outcome.get(20, TimeUnit.SECONDS);
        assertTrue(outcome.clean(), outcome::toString);
        Await.until("the server side closed", () -> record.closedTotal() == 1, Duration.ofSeconds(10));
        assertEquals(1, record.verified.get(), record::toString);
        assertEquals(1, record.closed(CloseReason.CLEAN), record::toString);
        server.close();
    }
}
