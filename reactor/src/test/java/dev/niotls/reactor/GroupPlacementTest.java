package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class GroupPlacementTest {
    private static final int LOOPS = 4;
    private static final int CONNECTIONS = 40;

    @Test
    void acceptedConnectionsAreSpreadOverAllLoopsAndStayOnTheirLoop() throws Exception {
        AtomicIntegerArray perLoop = new AtomicIntegerArray(LOOPS);
        AtomicInteger strayCalls = new AtomicInteger();
        try (EventLoopGroup group = new EventLoopGroup(LOOPS)) {
            Listener listener = group.listen(HandlerFailureTest.loopback(), (channel, loop) -> {
                if (EventLoop.current() != loop) {
                    strayCalls.incrementAndGet();
                }
                perLoop.incrementAndGet(loop.index());
                return new EchoHandler() {
                    @Override
                    public void ready(Registration registration, int readyOps) throws java.io.IOException {
                        if (EventLoop.current() != loop || registration.loop() != loop) {
                            strayCalls.incrementAndGet();
                        }
                        super.ready(registration, readyOps);
                    }
                };
            });
            List<PlainClient> clients = new ArrayList<>();
            try {
                for (int seed = 0; seed < CONNECTIONS; seed++) {
                    clients.add(new PlainClient(listener.localAddress()));
                }
                for (int seed = 0; seed < CONNECTIONS; seed++) {
                    clients.get(seed).echoRoundTrip(seed);
                    clients.get(seed).echoRoundTrip(seed + CONNECTIONS);
                }
            } finally {
                for (PlainClient client : clients) {
                    client.close();
                }
            }
            for (int loop = 0; loop < LOOPS; loop++) {
                // Round-robin over 40 consecutive accepts: exactly 10 per loop.
                assertEquals(CONNECTIONS / LOOPS, perLoop.get(loop), "connections on loop " + loop);
            }
            assertEquals(0, strayCalls.get());
        }
    }
}
