package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsContext;
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

/** SPEC section 7 under load: many connections on two loops, seeded streams both ways, counters exact. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ManyConnectionsTest {
    private static final int CONNECTIONS = 200;
    /*
     * A handshake costs 10 to 20 ms of CPU for both ends together; 200 of them at once on two shared
     * cores queue up for seconds. This test is about the data path, so the timeouts stay out of the way.
     */
    private static final TlsServerOptions RELAXED_SERVER = TlsServerOptions.defaults()
            .handshakeTimeout(Duration.ofSeconds(40)).closeTimeout(Duration.ofSeconds(40));
    private static final TlsClientOptions RELAXED_CLIENT = TlsClientOptions.defaults()
            .handshakeTimeout(Duration.ofSeconds(40)).closeTimeout(Duration.ofSeconds(40));

    @ParameterizedTest(name = "TLS 1.3: {0}")
    @ValueSource(booleans = {true, false})
    void S7_W12_manyConnectionsTransferBothWaysOnTwoLoops(boolean tls13) throws Exception {
        try (EventLoopGroup serverGroup = new EventLoopGroup(2); EventLoopGroup clientGroup = new EventLoopGroup(2)) {
            StreamServer.Record record = new StreamServer.Record();
            TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    TestContexts.server(tls13), RELAXED_SERVER, () -> new StreamServer(record));
            TlsContext clientContext = TestContexts.client(tls13);
            List<StreamClient> clients = new ArrayList<>();
            long uploaded = 0;
            long downloaded = 0;
            for (int index = 0; index < CONNECTIONS; index++) {
                long upload = 16_000 + index * 101L;
                long download = 24_000 + index * 211L;
                StreamClient client = new StreamClient(1000 + index, upload, download);
                clients.add(client);
                uploaded += upload + 24;
                downloaded += download;
                TlsClient.connect(clientGroup, server.localAddress(), clientContext, "localhost",
                        RELAXED_CLIENT, client);
            }
            for (StreamClient client : clients) {
                StreamClient.Outcome outcome = client.outcome.get(45, TimeUnit.SECONDS);
                assertTrue(outcome.clean(), outcome::toString);
            }
            TlsCounters serverCounters = server.counters();
            TlsCounters clientCounters = TlsCounters.of(clientGroup);
            Await.until("every server channel closed", () -> serverCounters.connectionsOpen() == 0,
                    Duration.ofSeconds(10), serverCounters::toString);
            assertEquals(CONNECTIONS, record.verified.get(), record::toString);
            assertEquals(CONNECTIONS, record.closed(CloseReason.CLEAN), record::toString);
            assertEquals(CONNECTIONS, serverCounters.handshakesDone());
            assertEquals(0, serverCounters.handshakesFailed());
            assertEquals(uploaded, serverCounters.bytesIn());
            assertEquals(downloaded, serverCounters.bytesOut());
            assertEquals(uploaded, clientCounters.bytesOut());
            assertEquals(downloaded, clientCounters.bytesIn());
            assertEquals(0, clientCounters.connectionsOpen());
            assertEquals(CONNECTIONS, clientCounters.closed(CloseReason.CLEAN));
            assertEquals(0, serverCounters.buffersLent(), serverCounters::toString);
            assertEquals(0, clientCounters.buffersLent(), clientCounters::toString);
            server.close();
        }
    }
}
