package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ListenOptions#maxConnections}: at the limit the listener stops accepting and the kernel's
 * backlog holds the next connections (never accepted and closed), and it accepts again as soon as
 * one closes, whichever loop owned it. Real loopback sockets.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectionLimitTest {

    @Test
    void atTheLimitConnectionsWaitInTheBacklogUntilOneCloses() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            Listener listener = group.listen(HandlerFailureTest.loopback(), ListenOptions.defaults().maxConnections(3),
                    (channel, loop) -> {
                        accepted.incrementAndGet();
                        return new EchoHandler();
                    });
            List<PlainClient> first = new ArrayList<>();
            for (int index = 0; index < 3; index++) {
                PlainClient client = new PlainClient(listener.localAddress());
                client.echoRoundTrip(index);
                first.add(client);
            }
            // The listener stops accepting as soon as the third connection is in, not at the fourth's arrival.
            Await.until("the listener to pause", () -> listener.acceptPauses() == 1);
            assertEquals(1, group.loop(0).counters().acceptPauses() + group.loop(1).counters().acceptPauses());
            try (Socket waiting = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort())) {
                // The kernel completed the TCP handshake into the backlog; the listener does not take it.
                waiting.getOutputStream().write(new byte[] {1, 2, 3});
                assertEquals(3, listener.connectionsOpen());
                waiting.setSoTimeout(500);
                // Neither served nor closed: a read times out (an accept-and-close would read EOF or a reset).
                assertThrows(SocketTimeoutException.class, () -> waiting.getInputStream().read());
                assertEquals(3, accepted.get());

                first.remove(1).close(); // its loop sees EOF and closes it: the count drops below the limit
                waiting.setSoTimeout(20_000);
                byte[] echo = waiting.getInputStream().readNBytes(3);
                assertEquals(3, echo.length, "the waiting connection is accepted and served");
                assertEquals(4, accepted.get());
                assertEquals(3, listener.connectionsOpen());
            }
            for (PlainClient client : first) {
                client.echoRoundTrip(9); // still served
                client.close();
            }
            Await.until("every connection closed", () -> listener.connectionsOpen() == 0);
            // Paused at three, resumed at two, paused again at three when the waiting one came in.
            assertEquals(2, listener.acceptPauses());
        }
    }

    @Test
    void concurrentClientsNeverExceedTheLimitAndAllAreServed() throws Exception {
        int limit = 5;
        int clients = 300;
        AtomicInteger openNow = new AtomicInteger();
        AtomicInteger mostOpen = new AtomicInteger();
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            Listener listener = group.listen(HandlerFailureTest.loopback(), ListenOptions.defaults().maxConnections(limit),
                    (channel, loop) -> {
                        mostOpen.accumulateAndGet(openNow.incrementAndGet(), Math::max);
                        return new EchoHandler() {
                            @Override
                            public void closed(Registration registration) {
                                openNow.decrementAndGet();
                            }
                        };
                    });
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int index = 0; index < clients; index++) {
                    long seed = index;
                    done.add(threads.submit(() -> {
                        try (PlainClient client = new PlainClient(listener.localAddress())) {
                            client.echoRoundTrip(seed);
                        }
                        return null;
                    }));
                }
                for (Future<?> result : done) {
                    result.get(40, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
            Await.until("every connection closed", () -> listener.connectionsOpen() == 0 && openNow.get() == 0);
            assertTrue(mostOpen.get() <= limit, "at most " + limit + " open at once, saw " + mostOpen.get());
            assertTrue(listener.acceptPauses() > 0, "16 clients against a limit of 5 must have made it pause");
        }
    }

    @Test
    void aRefusedConnectionGivesItsPlaceBack() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            Listener listener = group.listen(HandlerFailureTest.loopback(), ListenOptions.defaults().maxConnections(1),
                    (channel, loop) -> {
                        int call = calls.incrementAndGet();
                        if (call == 1) {
                            throw new IOException("refused by the test's factory");
                        }
                        if (call == 2) {
                            return new EchoHandler() {
                                @Override
                                public void registered(Registration registration) throws IOException {
                                    throw new IOException("refused by the test's registered()");
                                }
                            };
                        }
                        return new EchoHandler();
                    });
            for (int refused = 0; refused < 2; refused++) {
                try (PlainClient client = new PlainClient(listener.localAddress())) {
                    assertTrue(client.serverClosed());
                }
            }
            try (PlainClient served = new PlainClient(listener.localAddress())) {
                served.echoRoundTrip(1); // the two refusals did not keep the only place
            }
            Await.until("every connection closed", () -> listener.connectionsOpen() == 0);
        }
    }
}
