package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AcceptBackoffTest {

    @Test
    void failingAcceptBacksOffAndRecovers() throws Exception {
        AtomicBoolean failing = new AtomicBoolean(true);
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger attemptsInFirstSecond = new AtomicInteger(-1);
        CountDownLatch secondOver = new CountDownLatch(1);
        AcceptCall emfile = server -> {
            if (attempts.incrementAndGet() == 1) {
                // Count the attempts over the second that follows the first failure, on the loop's clock.
                EventLoop.current().schedule(1, TimeUnit.SECONDS, () -> {
                    attemptsInFirstSecond.set(attempts.get());
                    secondOver.countDown();
                });
            }
            if (failing.get()) {
                failures.incrementAndGet();
                throw new IOException("Too many open files (EMFILE injected by the test)");
            }
            return server.accept();
        };
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            Listener listener = group.listen(HandlerFailureTest.loopback(),
                    ListenOptions.defaults().acceptCall(emfile), (channel, owner) -> new EchoHandler());
            // The kernel completes the handshake into the backlog; the listening key stays ready.
            try (PlainClient client = new PlainClient(listener.localAddress())) {
                assertTrue(secondOver.await(10, TimeUnit.SECONDS));
                // Backoff 10, 20, 40 ... ms: 7 attempts fit in a second; a tight loop makes millions.
                assertTrue(attemptsInFirstSecond.get() <= 12, attemptsInFirstSecond.get() + " attempts in a second");
                failing.set(false);
                client.echoRoundTrip(9); // served once the listener re-arms
                assertEquals(failures.get(), loop.counters().acceptFailures());
            }
        }
    }
}
