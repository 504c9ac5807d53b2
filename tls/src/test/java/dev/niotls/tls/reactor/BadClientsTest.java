package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.LoopbackSockets;
import dev.niotls.tls.testing.StreamVerifier;
import dev.niotls.tls.testing.TestContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
 * Clients that misbehave: each closes its own connection only; the server keeps serving a well-behaved
 * client meanwhile, and its open-connections counter returns to zero.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BadClientsTest {
    private final EventLoopGroup serverGroup = new EventLoopGroup(2);
    private final EventLoopGroup clientGroup = new EventLoopGroup(1);
    private final StreamServer.Record record = new StreamServer.Record();
    private TlsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        clientGroup.close();
        serverGroup.close();
    }

    private void start(TlsServerOptions options) throws IOException {
        server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(true), options, () -> new StreamServer(record));
    }

    private StreamClient goodClient(long seed) {
        StreamClient client = new StreamClient(seed, 300_000, 500_000);
        TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(true), "localhost",
                TlsClientOptions.defaults(), client);
        return client;
    }

    private static void assertClean(StreamClient client) throws Exception {
        StreamClient.Outcome outcome = client.outcome.get(30, TimeUnit.SECONDS);
        assertTrue(outcome.clean(), outcome::toString);
    }

    private void awaitAllClosed(int connections) {
        TlsCounters counters = server.counters();
        Await.until(connections + " server channels closed",
                () -> record.closedTotal() == connections && counters.connectionsOpen() == 0,
                Duration.ofSeconds(20), () -> counters + " / " + record);
    }

    @Test
    void silentClientIsClosedAtTheHandshakeTimeout() throws Exception {
        start(TlsServerOptions.defaults().handshakeTimeout(Duration.ofMillis(1500)));
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
            StreamClient good = goodClient(1);
            assertClean(good);
            silent.setSoTimeout(20_000);
            assertEquals(-1, silent.getInputStream().read(), "the server closes the silent connection");
        }
        awaitAllClosed(2);
        assertEquals(1, record.closed(CloseReason.HANDSHAKE_TIMEOUT), record::toString);
        assertEquals(1, record.closed(CloseReason.CLEAN), record::toString);
        assertEquals(1, server.counters().handshakesFailed());
        assertEquals(1, server.counters().closed(CloseReason.HANDSHAKE_TIMEOUT));
    }

    @Test
    void plaintextHttpClientGetsItsConnectionClosed() throws Exception {
        start(TlsServerOptions.defaults());
        try (Socket plaintext = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
            plaintext.getOutputStream().write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            StreamClient good = goodClient(2);
            plaintext.setSoTimeout(20_000);
            drainUntilClosed(plaintext.getInputStream());
            assertClean(good);
        }
        awaitAllClosed(2);
        assertEquals(1, record.closed(CloseReason.ERROR), record::toString);
        TlsException failure = assertInstanceOf(TlsException.class, record.causes.peek());
        assertEquals(TlsReason.HTTP_REQUEST, failure.reason(), failure::toString);
    }

    /** Reads (an alert, maybe) until end of stream or a reset: either way the server closed. */
    private static void drainUntilClosed(InputStream in) {
        try {
            while (in.read() >= 0) {
                continue;
            }
        } catch (IOException reset) {
            // A reset is a close too: the server closed with our request bytes unread.
        }
    }

    @Test
    void clientResetMidTransferClosesOnlyItsConnection() throws Exception {
        start(TlsServerOptions.defaults());
        StreamClient good = goodClient(3);
        try (LoopbackSocketClient resetting = new LoopbackSocketClient(server.localAddress())) {
            resetting.requestDownload(9, 64L << 20);
            resetting.readAndVerify(9, 1 << 20);
            resetting.reset();
        }
        assertClean(good);
        awaitAllClosed(2);
        assertEquals(1, record.closed(CloseReason.PEER_RESET), record::toString);
        assertEquals(1, record.closed(CloseReason.CLEAN), record::toString);
        assertEquals(0, server.counters().buffersLent(), server.counters()::toString);
    }

    /*
     * 2,000 connections in batches of 250: at most about 500 descriptors at once in this process
     * (both ends live here), far below the 20,000 the machine allows.
     */
    @Test
    void twoThousandAbandonedConnectionsLeaveNothingOpen() throws Exception {
        start(TlsServerOptions.defaults());
        int abandoned = 2_000;
        for (int batch = 0; batch < abandoned; batch += 250) {
            List<Socket> sockets = new ArrayList<>();
            for (int index = batch; index < batch + 250; index++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort());
                if (index % 3 == 1) {
                    socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02}); // half a record header
                } else if (index % 3 == 2) {
                    socket.setSoLinger(true, 0); // close with a reset
                }
                sockets.add(socket);
            }
            for (Socket socket : sockets) {
                socket.close();
            }
        }
        StreamClient good = goodClient(4);
        assertClean(good);
        awaitAllClosed(abandoned + 1);
        TlsCounters counters = server.counters();
        assertEquals(abandoned, counters.handshakesFailed(), counters::toString);
        assertEquals(abandoned, record.closed(CloseReason.PEER_RESET), record::toString);
        assertEquals(0, counters.buffersLent(), counters::toString);
    }

    @Test
    void handlerThatThrowsClosesOnlyItsConnection() throws Exception {
        server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(true), TlsServerOptions.defaults(), () -> new StreamServer(record, sender -> {
                    if (sender.queued() == 0 && record.channels.size() == 1) {
                        sender.at(100_000, channel -> {
                            throw new IllegalStateException("application bug");
                        });
                    }
                }));
        StreamClient doomed = goodClient(5);
        StreamClient.Outcome outcome = doomed.outcome.get(30, TimeUnit.SECONDS);
        assertTrue(outcome.reason() == CloseReason.PEER_RESET, outcome::toString);
        StreamClient good = goodClient(6);
        assertClean(good);
        awaitAllClosed(2);
        assertEquals(1, record.closed(CloseReason.ERROR), record::toString);
        assertInstanceOf(IllegalStateException.class, record.causes.peek());
        assertEquals(1, server.counters().handlerFailures());
    }

    /** A blocking client on the core API alone (no reactor), so that the test can reset its socket. */
    private static final class LoopbackSocketClient implements AutoCloseable {
        private final SocketChannel socket;
        private final TlsConnection connection;

        LoopbackSocketClient(InetSocketAddress server) throws IOException {
            socket = SocketChannel.open(server);
            connection = TestContexts.client(true).newConnection(new SocketBio(socket));
            connection.setConnectState();
            assertEquals(1, connection.doHandshake());
        }

        /** The test protocol's header: no upload, a download of {@code length}. */
        void requestDownload(long seed, long length) {
            ByteBuffer header = ByteBuffer.allocate(24).putLong(seed).putLong(0).putLong(length).flip();
            assertEquals(24, connection.write(header));
        }

        void readAndVerify(long seed, long length) {
            StreamVerifier verifier = new StreamVerifier(StreamServer.downloadSeed(seed));
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            while (verifier.received() < length) {
                int count = connection.read(buffer.clear());
                assertTrue(count > 0, () -> "read: " + connection.getError(count));
                verifier.accept(buffer.flip());
            }
        }

        void reset() throws IOException {
            LoopbackSockets.reset(socket);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
