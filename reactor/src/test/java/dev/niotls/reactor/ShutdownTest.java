package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShutdownTest {
    private static final int CONNECTIONS = 20;

    @Test
    void shutdownWithOpenConnectionsLeavesNoChannelOpen() throws Exception {
        Queue<Registration> served = new ConcurrentLinkedQueue<>();
        AtomicInteger accepted = new AtomicInteger();
        EventLoopGroup group = new EventLoopGroup(LoopConfig.defaults().loops(2).shutdownGrace(Duration.ofMillis(300)));
        Listener listener = group.listen(HandlerFailureTest.loopback(), (channel, loop) ->
                // Half the handlers close when asked, half ignore the request and are closed at the deadline.
                accepted.getAndIncrement() % 2 == 0 ? new Recording(served) : new Stubborn(served));
        List<PlainClient> clients = new ArrayList<>();
        try {
            for (int seed = 0; seed < CONNECTIONS; seed++) {
                PlainClient client = new PlainClient(listener.localAddress());
                clients.add(client);
                client.echoRoundTrip(seed);
            }
            group.close();
            assertTrue(group.isTerminated());
            assertFalse(listener.isOpen());
            assertEquals(CONNECTIONS, served.size());
            for (Registration registration : served) {
                assertFalse(registration.isOpen());
                assertFalse(registration.channel().isOpen());
            }
            for (PlainClient client : clients) {
                assertTrue(client.serverClosed());
            }
            assertEquals(0, EchoTest.openOn(group));
            assertThrows(ConnectException.class, () -> SocketChannel.open(listener.localAddress()).close());
        } finally {
            for (PlainClient client : clients) {
                client.close();
            }
        }
    }

    @Test
    void aHandlerMayFinishItsGoodbyeWithinTheGracePeriod() throws Exception {
        AtomicInteger closedByThemselves = new AtomicInteger();
        EventLoopGroup group = new EventLoopGroup(LoopConfig.defaults().loops(1).shutdownGrace(Duration.ofSeconds(10)));
        Listener listener = group.listen(HandlerFailureTest.loopback(), (channel, loop) -> new EchoHandler() {
            @Override
            public void shutdownRequested(Registration registration) {
                // A TLS handler would send close_notify and wait; this one waits 20 ms, then closes.
                registration.loop().schedule(20, TimeUnit.MILLISECONDS, () -> {
                    closedByThemselves.incrementAndGet();
                    registration.close();
                });
            }
        });
        try (PlainClient client = new PlainClient(listener.localAddress())) {
            client.echoRoundTrip(1);
            group.close();
            assertTrue(group.isTerminated());
            assertEquals(1, closedByThemselves.get());
            assertTrue(client.serverClosed());
        }
    }

    @Test
    void closeIsIdempotentFromAnyThread() throws Exception {
        EventLoopGroup group = new EventLoopGroup(2);
        group.loop(1).execute(group::close); // from a loop: starts the shutdown, cannot wait for itself
        List<Thread> closers = new ArrayList<>();
        for (int thread = 0; thread < 3; thread++) {
            closers.add(new Thread(group::close));
        }
        closers.forEach(Thread::start);
        group.close();
        for (Thread closer : closers) {
            closer.join();
        }
        assertTrue(group.isTerminated());
        group.close();
        assertThrows(RejectedExecutionException.class, () -> group.loop(0).execute(() -> {}));
    }

    /** Echoes and remembers its registration; closes when asked (the default). */
    private static class Recording extends EchoHandler {
        private final Queue<Registration> served;

        Recording(Queue<Registration> served) {
            this.served = served;
        }

        @Override
        public void registered(Registration registration) {
            served.add(registration);
        }
    }

    /** Ignores the shutdown request: the loop must close it at the end of the grace period. */
    private static final class Stubborn extends Recording {
        Stubborn(Queue<Registration> served) {
            super(served);
        }

        @Override
        public void shutdownRequested(Registration registration) {}
    }
}
