package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class EchoTest {
    /**
     * 1,000 connections with both ends in this process hold about 2,000 socket descriptors (plus a
     * listener and 4 selectors): a tenth of the 20,000-descriptor limit the project allows.
     */
    private static final int CONNECTIONS = 1_000;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void thousandConcurrentConnectionsEchoTheirSeededStreams() throws Exception {
        EventLoopGroup server = new EventLoopGroup(LoopConfig.defaults().loops(2).threadNamePrefix("server"));
        EventLoopGroup clients = new EventLoopGroup(LoopConfig.defaults().loops(2).threadNamePrefix("client"));
        try (server; clients) {
            Listener listener = server.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    ListenOptions.defaults().backlog(CONNECTIONS), (channel, loop) -> new EchoHandler());
            List<StreamClient> streams = new ArrayList<>();
            for (int seed = 0; seed < CONNECTIONS; seed++) {
                StreamClient client = new StreamClient(seed, 8 * 1024, 48 * 1024);
                streams.add(client);
                clients.connect(listener.localAddress(), Duration.ofSeconds(30), client);
            }
            for (StreamClient client : streams) {
                StreamClient.Result result = client.result().get(50, TimeUnit.SECONDS);
                assertEquals(result.sent(), result.received());
                assertArrayEquals(result.sentDigest(), result.receivedDigest());
            }
            Await.until("server connections closed", () -> openOn(server) == 1); // the listener
        }
        assertEquals(0, openOn(server));
        assertEquals(0, openOn(clients));
    }

    static long openOn(EventLoopGroup group) {
        long open = 0;
        for (int index = 0; index < group.size(); index++) {
            open += group.loop(index).counters().channelsOpen();
        }
        return open;
    }
}
