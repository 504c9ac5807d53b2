package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import dev.niotls.tls.testing.TestContexts;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The client's failures, and the ways a channel is closed: from outside (server close, group shutdown), and without
 * waiting for the peer's close_notify ({@code awaitPeerCloseNotify(false)}: one {@code SSL_shutdown} (S1), then
 * the socket is closed, as nginx and Netty close).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientAndShutdownTest {
    /** Far beyond the waits of the close-without-waiting tests: a channel that waited would end CLOSE_TIMEOUT. */
    private static final Duration LONG_CLOSE = Duration.ofSeconds(120);
    private static final long SIZE = 1 << 20;

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

    @Test
    void S1_serverClosesOnceItsCloseNotifyIsOutWhileThePeerStaysSilent() throws Exception {
        CompletableFuture<CloseReason> serverClosed = new CompletableFuture<>();
        TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(true),
                TlsServerOptions.defaults().closeTimeout(LONG_CLOSE).awaitPeerCloseNotify(false),
                () -> new TlsHandler() {
                    @Override
                    public void onHandshake(TlsChannel channel) {
                        ByteBuffer data = ByteBuffer.allocate((int) SIZE);
                        new SeededStream(41).fill(data);
                        channel.send(data.flip());
                        channel.close(); // the 1 MiB, then close_notify, then the socket closes
                    }

                    @Override
                    public void onData(TlsChannel channel, ByteBuffer data) {
                    }

                    @Override
                    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
                        serverClosed.complete(reason);
                    }
                });
        try (SocketChannel socket = SocketChannel.open(server.localAddress())) {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TlsConnection client = TestContexts.client(true).newConnection(new SocketBio(socket));
            client.setConnectState();
            assertEquals(1, client.doHandshake());
            StreamVerifier verifier = new StreamVerifier(41);
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            int read;
            while ((read = client.read(buffer.clear())) > 0) {
                verifier.accept(buffer.flip());
            }
            assertEquals(TlsError.ZERO_RETURN, client.getError(read), "the server's close_notify after its data");
            verifier.assertComplete(SIZE);
            // The client has sent nothing since its Finished: only a server that did not wait closes now.
            assertEquals(CloseReason.CLEAN, serverClosed.get(30, TimeUnit.SECONDS));
            assertEquals(-1, socket.read(ByteBuffer.allocate(1)), "the server closed its socket");
            assertFalse(client.isCloseNotifySent());
        }
        TlsCounters counters = server.counters();
        assertEquals(1, counters.closed(CloseReason.CLEAN), counters::toString);
        assertEquals(0, counters.connectionsOpen());
        assertEquals(0, counters.buffersLent(), counters::toString);
        server.close();
    }

    @Test
    void S1_clientClosesOnceItsCloseNotifyIsOutWhileTheServerNeverReadsIt() throws Exception {
        CompletableFuture<CloseReason> clientClosed = new CompletableFuture<>();
        CompletableFuture<Long> serverReceived = new CompletableFuture<>();
        TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(false), TlsServerOptions.defaults(), () -> new TlsHandler() {
                    private final StreamVerifier verifier = new StreamVerifier(42);

                    @Override
                    public void onData(TlsChannel channel, ByteBuffer data) {
                        verifier.accept(data);
                        if (verifier.received() == SIZE) {
                            channel.pauseReading(); // the client's close_notify stays unread: no answer ever
                            serverReceived.complete(verifier.received());
                        }
                    }
                });
        TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(false), "localhost",
                TlsClientOptions.defaults().closeTimeout(LONG_CLOSE).awaitPeerCloseNotify(false), new TlsHandler() {
                    @Override
                    public void onHandshake(TlsChannel channel) {
                        ByteBuffer data = ByteBuffer.allocate((int) SIZE);
                        new SeededStream(42).fill(data);
                        channel.send(data.flip());
                        channel.close();
                    }

                    @Override
                    public void onData(TlsChannel channel, ByteBuffer data) {
                    }

                    @Override
                    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
                        clientClosed.complete(reason);
                    }
                });
        assertEquals(CloseReason.CLEAN, clientClosed.get(30, TimeUnit.SECONDS));
        assertEquals(SIZE, serverReceived.get(30, TimeUnit.SECONDS));
        assertTrue(TlsClientOptions.defaults().awaitsPeerCloseNotify(), "waiting stays the default");
        assertTrue(TlsServerOptions.defaults().awaitsPeerCloseNotify(), "waiting stays the default");
        server.close();
    }
}
