package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.testing.TestContexts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * H3, H4 on the reactor: renegotiations (TLS 1.2) and key updates (TLS 1.3) started by either peer in
 * the middle of a 16 MiB transfer in each direction at once. The application notices nothing: both
 * streams arrive intact (digest), and only the counters tell what happened underneath.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RenegotiationAndKeyUpdateTest {
    private static final long SIZE = 16L << 20;
    private static final long MIB = 1L << 20;

    @Test
    void H3_renegotiationsFromBothSidesMidTransferAreInvisible() throws Exception {
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        Consumer<TlsChannel> renegotiate = channel -> {
            if (!channel.renegotiate()) {
                refused.add(channel + ": " + channel.connection().lastReason());
            }
        };
        Counts counts = transfer(false,
                server -> server.at(4 * MIB, renegotiate).at(12 * MIB, renegotiate),
                client -> client.at(8 * MIB, renegotiate));
        assertTrue(refused.isEmpty(), refused::toString);
        // Two HelloRequests from the server and one ClientHello from the client (ALLOW_CLIENT_RENEGOTIATION):
        // three handshakes, or two when the client's ClientHello crossed a HelloRequest on the wire
        // (a HelloRequest that arrives during a handshake is ignored, RFC 5246 section 7.4.1.1).
        assertTrue(counts.server.renegotiations() >= 2, counts::toString);
        assertEquals(counts.server.renegotiations(), counts.client.renegotiations(), counts::toString);
        assertEquals(0, counts.server.keyUpdatesSent() + counts.client.keyUpdatesSent());
    }

    @Test
    void H4_keyUpdatesFromBothSidesMidTransferAreInvisible() throws Exception {
        Queue<String> refused = new ConcurrentLinkedQueue<>();
        Consumer<TlsChannel> keyUpdate = channel -> {
            if (!channel.keyUpdate(true)) {
                refused.add(channel + ": " + channel.connection().lastReason());
            }
        };
        Counts counts = transfer(true,
                server -> server.at(3 * MIB, keyUpdate).at(10 * MIB, keyUpdate),
                client -> client.at(2 * MIB, keyUpdate).at(6 * MIB, keyUpdate).at(14 * MIB, keyUpdate));
        assertTrue(refused.isEmpty(), refused::toString);
        // Each update asked for the peer's (update_requested), so both sides received at least what
        // the other started; replies may coincide with an update of one's own (RFC 8446 section 4.6.3).
        assertTrue(counts.server.keyUpdatesReceived() >= 3, counts::toString);
        assertTrue(counts.client.keyUpdatesReceived() >= 2, counts::toString);
        assertTrue(counts.server.keyUpdatesSent() >= 2, counts::toString);
        assertTrue(counts.client.keyUpdatesSent() >= 3, counts::toString);
        assertEquals(counts.server.keyUpdatesSent(), counts.client.keyUpdatesReceived(), counts::toString);
        assertEquals(counts.client.keyUpdatesSent(), counts.server.keyUpdatesReceived(), counts::toString);
        assertEquals(0, counts.server.renegotiations() + counts.client.renegotiations());
    }

    @Test
    void H4_keyUpdateWhileAWriteIsPendingWaitsForTheWrite() throws Exception {
        try (EventLoopGroup serverGroup = new EventLoopGroup(1); EventLoopGroup clientGroup = new EventLoopGroup(1)) {
            StreamServer.Record record = new StreamServer.Record();
            TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    TestContexts.server(true), TlsServerOptions.defaults(), () -> new StreamServer(record));
            StreamClient client = new StreamClient(78, 0, 8 * MIB);
            client.pauseAtHandshake = true; // the server's socket fills: its write gets WANT_WRITE
            TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(true), "localhost",
                    TlsClientOptions.defaults(), client);
            TlsChannel clientChannel = client.established.get(30, TimeUnit.SECONDS);
            TlsCounters serverCounters = server.counters();
            Await.until("a blocked write on the server", () -> serverCounters.wantWrites() > 0, Duration.ofSeconds(20),
                    serverCounters::toString);
            TlsChannel channel = record.channels.peek();
            boolean pendingWrite = Await.onLoop(channel.loop(), () -> channel.connection().hasPendingWrite());
            assertTrue(pendingWrite, "the server's write is pending");
            // SSL_key_update would refuse now (BAD_WRITE_RETRY); the channel defers it instead.
            assertTrue(Await.onLoop(channel.loop(), () -> channel.keyUpdate(true)));
            clientChannel.loop().execute(clientChannel::resumeReading);
            StreamClient.Outcome outcome = client.outcome.get(30, TimeUnit.SECONDS);
            Await.until("the server side closed", () -> record.closedTotal() == 1, Duration.ofSeconds(10));
            assertTrue(outcome.clean(), () -> outcome + "\nserver: " + record);
            TlsCounters clientCounters = TlsCounters.of(clientGroup);
            assertEquals(1, serverCounters.keyUpdatesSent(), serverCounters::toString);
            assertEquals(1, clientCounters.keyUpdatesReceived(), clientCounters::toString);
            assertEquals(1, clientCounters.keyUpdatesSent(), "the client's reply: " + clientCounters);
            assertEquals(1, serverCounters.keyUpdatesReceived(), serverCounters::toString);
            server.close();
        }
    }

    record Counts(TlsCounters server, TlsCounters client) {
        @Override
        public String toString() {
            return "server: " + server + "\nclient: " + client;
        }
    }

    private static Counts transfer(boolean tls13, Consumer<StreamSender> serverActions,
            Consumer<StreamSender> clientActions) throws Exception {
        try (EventLoopGroup serverGroup = new EventLoopGroup(1); EventLoopGroup clientGroup = new EventLoopGroup(1)) {
            StreamServer.Record record = new StreamServer.Record();
            TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    TestContexts.server(tls13), TlsServerOptions.defaults(), () -> new StreamServer(record, serverActions));
            StreamClient client = new StreamClient(77, SIZE, SIZE);
            clientActions.accept(client.sender());
            TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(tls13), "localhost",
                    TlsClientOptions.defaults(), client);
            StreamClient.Outcome outcome = client.outcome.get(80, TimeUnit.SECONDS);
            Await.until("the server side closed", () -> record.closedTotal() == 1, Duration.ofSeconds(10));
            assertTrue(outcome.clean(), () -> outcome + "\nserver: " + record);
            assertEquals(1, record.verified.get(), record::toString);
            assertEquals(1, record.closed(CloseReason.CLEAN), record::toString);
            Counts counts = new Counts(server.counters(), TlsCounters.of(clientGroup));
            assertEquals(SIZE + 24, counts.server.bytesIn());
            assertEquals(SIZE, counts.server.bytesOut());
            assertEquals(0, counts.server.connectionsOpen() + counts.client.connectionsOpen());
            server.close();
            return counts;
        }
    }
}
