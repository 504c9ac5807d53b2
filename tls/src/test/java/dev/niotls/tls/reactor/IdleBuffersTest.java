package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.testing.TestContexts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELEASE_BUFFERS with the loop's pool: after a transfer, idle connections hold no network or
 * plaintext buffer; every buffer is back in its loop's pool for the next busy connection.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleBuffersTest {
    private static final int CONNECTIONS = 20;
    private static final long SIZE = 256 * 1024;

    @ParameterizedTest(name = "TLS 1.3: {0}")
    @ValueSource(booleans = {true, false})
    void idleConnectionsHoldNoPooledBuffer(boolean tls13) throws Exception {
        try (EventLoopGroup serverGroup = new EventLoopGroup(2); EventLoopGroup clientGroup = new EventLoopGroup(1)) {
            StreamServer.Record record = new StreamServer.Record();
            TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    TestContexts.server(tls13), TlsServerOptions.defaults(), () -> new StreamServer(record));
            List<StreamClient> clients = new ArrayList<>();
            for (int index = 0; index < CONNECTIONS; index++) {
                StreamClient client = new StreamClient(50 + index, SIZE, SIZE);
                client.closeWhenDone = false;
                clients.add(client);
                TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(tls13), "localhost",
                        TlsClientOptions.defaults(), client);
            }
            TlsCounters serverCounters = server.counters();
            TlsCounters clientCounters = TlsCounters.of(clientGroup);
            Await.until("both streams of every connection done",
                    () -> serverCounters.bytesIn() == CONNECTIONS * (SIZE + 24) && clientCounters.bytesIn() == CONNECTIONS * SIZE,
                    Duration.ofSeconds(40), () -> serverCounters + " / " + clientCounters);
            Await.until("every buffer back in its pool",
                    () -> serverCounters.buffersLent() == 0 && clientCounters.buffersLent() == 0,
                    Duration.ofSeconds(10), () -> serverCounters + " / " + clientCounters);
            assertEquals(CONNECTIONS, serverCounters.connectionsOpen());
            assertTrue(serverCounters.buffersPooled() > 0, serverCounters::toString);
            for (TlsChannel channel : record.channels) {
                ReactorChannel served = (ReactorChannel) channel;
                assertEquals(0, (int) Await.onLoop(channel.loop(), served::heldBuffers), channel::toString);
            }
            for (StreamClient client : clients) {
                TlsChannel channel = client.established.get(1, TimeUnit.SECONDS);
                assertEquals(0, (int) Await.onLoop(channel.loop(), ((ReactorChannel) channel)::heldBuffers));
                channel.close();
            }
            for (StreamClient client : clients) {
                StreamClient.Outcome outcome = client.outcome.get(20, TimeUnit.SECONDS);
                assertEquals(CloseReason.CLEAN, outcome.reason(), outcome::toString);
            }
            Await.until("every server channel closed", () -> serverCounters.connectionsOpen() == 0, Duration.ofSeconds(10));
            assertEquals(CONNECTIONS, record.verified.get(), record::toString);
            server.close();
        }
    }
}
