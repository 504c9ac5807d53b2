package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.TestContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The server's limits against peers that hold on to it, over real loopback sockets: the connection
 * limit ({@link TlsServerOptions#maxConnections}), a ClientHello dribbled one byte a second (the
 * handshake timeout counts from accept, whatever trickles in), and peers that never read (the send
 * queue bounds what waits for them, the idle timeout starts the close, the close timeout ends it).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServerLimitsTest {
    private static final long QUEUE_LIMIT = 64 * 1024;

    private final EventLoopGroup serverGroup = new EventLoopGroup(2);
    private final EventLoopGroup clientGroup = new EventLoopGroup(1);
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
                TestContexts.server(true), options, EchoServer::new);
    }

    @Test
    void maxConnectionsLeavesClientsInTheBacklogAndResumesWhenOneCloses() throws Exception {
        start(TlsServerOptions.defaults().maxConnections(2));
        EchoClient first = EchoClient.connect(clientGroup, server.localAddress(), "first");
        EchoClient second = EchoClient.connect(clientGroup, server.localAddress(), "second");
        first.echoed.get(20, TimeUnit.SECONDS);
        second.echoed.get(20, TimeUnit.SECONDS);
        Await.until("the server to stop accepting at 2 connections", () -> server.acceptPauses() == 1,
                Duration.ofSeconds(10));

        // Its TCP connect completes into the kernel's backlog; its ClientHello waits there, unread.
        EchoClient third = EchoClient.connect(clientGroup, server.localAddress(), "third");
        assertThrows(TimeoutException.class, () -> third.echoed.get(500, TimeUnit.MILLISECONDS));
        assertEquals(2, server.counters().connectionsOpen(), server.counters()::toString);
        assertEquals(2, server.counters().handshakesDone());
        assertEquals(0, server.counters().handshakesFailed(), "nobody was accepted and closed");

        first.channel.close();
        third.echoed.get(20, TimeUnit.SECONDS); // accepted once the first closed, and served
        assertEquals(3, server.counters().handshakesDone());
        // At the limit again with the third one in.
        Await.until("the second pause", () -> server.acceptPauses() == 2, Duration.ofSeconds(10));
        assertEquals(0, server.counters().handshakesFailed());
        second.channel.close();
        third.channel.close();
        Await.until("every server channel closed", () -> server.counters().connectionsOpen() == 0,
                Duration.ofSeconds(10), server.counters()::toString);
        assertEquals(3, server.counters().closed(CloseReason.CLEAN), server.counters()::toString);
    }

    @Test
    void clientHelloDribbledOneByteASecondIsCutByTheHandshakeTimeout() throws Exception {
        start(TlsServerOptions.defaults().handshakeTimeout(Duration.ofSeconds(2)));
        byte[] hello = clientHello(TestContexts.client(true));
        int sent = 0;
        boolean cut = false;
        try (Socket dribbler = new Socket(InetAddress.getLoopbackAddress(), server.localAddress().getPort())) {
            dribbler.setTcpNoDelay(true);
            dribbler.setSoTimeout(1000); // the read below paces the bytes: one a second
            while (!cut && sent < hello.length) {
                try {
                    dribbler.getOutputStream().write(hello[sent]);
                    sent++;
                    int answer = dribbler.getInputStream().read();
                    assertEquals(-1, answer, "the server cannot answer half a ClientHello");
                    cut = true;
                } catch (SocketTimeoutException aSecondPassed) {
                    continue;
                } catch (IOException reset) {
                    cut = true;
                }
            }
        }
        assertTrue(cut, "the server closed the connection");
        assertTrue(sent < hello.length / 4, "cut after " + sent + " of " + hello.length + " bytes");
        TlsCounters counters = server.counters();
        Await.until("the server channel closed", () -> counters.connectionsOpen() == 0, Duration.ofSeconds(10));
        assertEquals(1, counters.closed(CloseReason.HANDSHAKE_TIMEOUT), counters::toString);
        assertEquals(1, counters.handshakesFailed());
        assertEquals(0, counters.buffersLent(), counters::toString);
    }

    /** A peer that sends and sends but never reads the echo. */
    @Test
    void peerThatNeverReadsIsBoundedByTheSendQueueAndCutByTheIdleTimeout() throws Exception {
        start(TlsServerOptions.defaults().sendQueueLimit(QUEUE_LIMIT).idleTimeout(Duration.ofSeconds(1))
                .closeTimeout(Duration.ofSeconds(1)));
        CompletableFuture<String> writerEnd = new CompletableFuture<>();
        long[] written = new long[1];
        try (SocketChannel socket = SocketChannel.open()) {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024); // the echo fills it at once
            socket.connect(server.localAddress());
            TlsConnection connection = TestContexts.client(true).newConnection(new SocketBio(socket));
            connection.setConnectState();
            assertEquals(1, connection.doHandshake());
            Thread writer = new Thread(() -> {
                SeededStream stream = new SeededStream(7);
                ByteBuffer chunk = ByteBuffer.allocate(16 * 1024);
                for (;;) {
                    stream.fill(chunk.clear());
                    int count = connection.write(chunk.flip()); // blocks once nobody reads on either side
                    if (count <= 0) {
                        writerEnd.complete(connection.getError(count) + " " + connection.lastException());
                        return;
                    }
                    written[0] += count;
                }
            }, "never-reading-writer");
            writer.start();
            String end = writerEnd.get(30, TimeUnit.SECONDS);
            assertTrue(end.startsWith(TlsError.SYSCALL.name()), "the server reset the connection: " + end);
            writer.join(5_000);
        }
        TlsCounters counters = server.counters();
        Await.until("the server channel closed", () -> counters.connectionsOpen() == 0, Duration.ofSeconds(10));
        // The idle timeout started a graceful close; close_notify could not leave; the close timeout ended it.
        assertEquals(1, counters.closed(CloseReason.CLOSE_TIMEOUT), counters::toString);
        assertTrue(counters.sendQueueFull() > 0, counters::toString);
        long queuedAtTheEnd = counters.bytesIn() - counters.bytesOut();
        // Reading stopped once the queue was full: at most a record or two beyond the limit waited.
        assertTrue(queuedAtTheEnd <= QUEUE_LIMIT + 32 * 1024, "queued " + queuedAtTheEnd + "; " + counters);
        assertTrue(counters.bytesIn() < written[0], "the peer's last bytes were never read: " + counters);
        assertEquals(0, counters.buffersLent(), counters::toString);
    }

    /** A peer that asks for a large download and then reads nothing: no byte moves either way. */
    @Test
    void silentPeerThatNeverReadsIsCutByTheIdleTimeout() throws Exception {
        StreamServer.Record record = new StreamServer.Record();
        server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(false), TlsServerOptions.defaults().sendQueueLimit(QUEUE_LIMIT)
                        .idleTimeout(Duration.ofSeconds(1)).closeTimeout(Duration.ofSeconds(1)),
                () -> new StreamServer(record));
        long download = 256L << 20; // far more than the kernel's buffers hold
        try (SocketChannel socket = SocketChannel.open()) {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            socket.connect(server.localAddress());
            TlsConnection connection = TestContexts.client(false).newConnection(new SocketBio(socket));
            connection.setConnectState();
            assertEquals(1, connection.doHandshake());
            ByteBuffer header = ByteBuffer.allocate(24).putLong(3).putLong(0).putLong(download).flip();
            assertEquals(24, connection.write(header));
            Await.until("the server channel closed", () -> record.closedTotal() == 1, Duration.ofSeconds(30),
                    record::toString);
        }
        TlsCounters counters = server.counters();
        assertEquals(1, record.closed(CloseReason.CLOSE_TIMEOUT), record::toString);
        assertTrue(counters.bytesOut() < download / 8, counters::toString);
        assertEquals(0, counters.connectionsOpen());
        assertEquals(0, counters.buffersLent(), counters::toString);
    }

    /** A real ClientHello record, as a TLS 1.3 client sends it first (about 250 bytes). */
    static byte[] clientHello(TlsContext client) throws IOException {
        BioPair pair = BioPair.create(64 * 1024, 64 * 1024);
        TlsConnection connection = client.newConnection(pair.first());
        connection.setConnectState();
        assertEquals(TlsError.WANT_READ, connection.getError(connection.doHandshake()));
        ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
        pair.second().read(bytes);
        return Arrays.copyOf(bytes.array(), bytes.position());
    }

    /** A reactor client that sends one line once the handshake is done and completes when it is echoed. */
    static final class EchoClient implements TlsHandler {
        final CompletableFuture<Void> echoed = new CompletableFuture<>();
        private final byte[] line;
        private final ByteBuffer received;
        private TlsChannel channel;

        private EchoClient(String name) {
            this.line = (name + "\n").getBytes(StandardCharsets.US_ASCII);
            this.received = ByteBuffer.allocate(line.length);
        }

        static EchoClient connect(EventLoopGroup group, InetSocketAddress server, String name) {
            EchoClient client = new EchoClient(name);
            client.channel = TlsClient.connect(group, server, TestContexts.client(true), "localhost",
                    TlsClientOptions.defaults().handshakeTimeout(Duration.ofSeconds(30)), client);
            return client;
        }

        @Override
        public void onHandshake(TlsChannel channel) {
            channel.send(ByteBuffer.wrap(line.clone()));
        }

        @Override
        public void onData(TlsChannel channel, ByteBuffer data) {
            received.put(data);
            if (!received.hasRemaining()) {
                if (Arrays.equals(received.array(), line)) {
                    echoed.complete(null);
                } else {
                    echoed.completeExceptionally(new AssertionError("the echo differs from what was sent"));
                }
            }
        }

        @Override
        public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
            echoed.completeExceptionally(new IllegalStateException("closed before the echo: " + reason, cause));
        }
    }
}
