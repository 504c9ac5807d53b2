package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.testing.TestContexts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bounded send queue: {@code send} returns false at the limit (the buffer still queued), {@code
 * onWritable} follows when it drained, and nothing is lost, in both directions; a reader that pauses
 * makes its peer's queue fill, not anybody's heap.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BackpressureTest {
    private static final long SIZE = 4L << 20;
    /**
     * More than loopback's kernel buffers can hold for a client that does not read (here tcp_rmem
     * grows to 32 MiB and tcp_wmem to 4 MiB): only then must the server's own queue fill.
     */
    private static final long UNREAD_SIZE = 64L << 20;
    private static final long LIMIT = 64 * 1024;

    @Test
    void R8_aFloodingPeerDoesNotGrowTheReadersMemory() throws Exception {
        try (EventLoopGroup serverGroup = new EventLoopGroup(1); EventLoopGroup clientGroup = new EventLoopGroup(1)) {
            StreamServer.Record record = new StreamServer.Record();
            TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    TestContexts.server(false), TlsServerOptions.defaults(), () -> new StreamServer(record));
            StreamClient client = new StreamClient(42, 1024, 4 * SIZE);
            TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(false), "localhost",
                    TlsClientOptions.defaults(), client);
            StreamClient.Outcome outcome = client.outcome.get(40, TimeUnit.SECONDS);
            assertTrue(outcome.clean(), outcome::toString);
            TlsCounters clientCounters = TlsCounters.of(clientGroup);
            // One record in (R8: never more than about one record decrypted ahead of the reader), one
            // out, and at most a plaintext stash: the 16 MiB flood never piles up on the reader's side.
            assertTrue(clientCounters.buffersLentPeak() <= 3, clientCounters::toString);
            assertEquals(4 * SIZE, clientCounters.bytesIn());
            server.close();
        }
    }

    @Test
    void S7_sendReportsTheLimitAndOnWritableResumesWithNothingLost() throws Exception {
        try (EventLoopGroup serverGroup = new EventLoopGroup(1); EventLoopGroup clientGroup = new EventLoopGroup(1)) {
            StreamServer.Record record = new StreamServer.Record();
            TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    TestContexts.server(true), TlsServerOptions.defaults().sendQueueLimit(LIMIT),
                    () -> new StreamServer(record));
            StreamClient client = new StreamClient(41, SIZE, UNREAD_SIZE);
            client.pauseAtHandshake = true;
            TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(true), "localhost",
                    TlsClientOptions.defaults().sendQueueLimit(LIMIT), client);
            TlsChannel channel = client.established.get(30, TimeUnit.SECONDS);
            TlsCounters serverCounters = server.counters();
            // The client does not read: the server's socket fills, then its queue reaches the limit.
            Await.until("the server's send queue to fill", () -> serverCounters.sendQueueFull() > 0
                    && serverCounters.wantWrites() > 0, Duration.ofSeconds(20), serverCounters::toString);
            long queued = Await.onLoop(serverGroup.loop(0), () -> record.channels.peek().queuedBytes());
            assertTrue(queued >= LIMIT && queued < LIMIT + 32 * 1024, "queued " + queued);
            channel.loop().execute(channel::resumeReading);

            StreamClient.Outcome outcome = client.outcome.get(40, TimeUnit.SECONDS);
            assertTrue(outcome.clean(), outcome::toString);
            Await.until("the server channel closed", () -> record.closedTotal() == 1, Duration.ofSeconds(10));
            assertEquals(1, record.verified.get(), record::toString);
            TlsCounters clientCounters = TlsCounters.of(clientGroup);
            assertTrue(clientCounters.sendQueueFull() > 0, clientCounters::toString);
            assertEquals(UNREAD_SIZE, serverCounters.bytesOut());
            assertEquals(UNREAD_SIZE, clientCounters.bytesIn());
            server.close();
        }
    }
}
