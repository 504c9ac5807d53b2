package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SPEC section 7: a connection with buffered records select() cannot see is served again. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ServiceAgainTest {

    @Test
    void aHandlerAskingAgainIsCalledWithNoReadyOpsBeforeTheLoopSleeps() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            Pipe pipe = Pipe.open();
            AtomicInteger calls = new AtomicInteger();
            AtomicInteger nonZeroOps = new AtomicInteger();
            Registration registration = Await.onLoop(loop, () -> loop.register(pipe.source(), 0, new ChannelHandler() {
                @Override
                public void registered(Registration self) {
                    self.serviceAgain();
                    self.serviceAgain(); // idempotent: still one call per turn
                }

                @Override
                public void ready(Registration self, int readyOps) {
                    if (readyOps != 0) {
                        nonZeroOps.incrementAndGet();
                    }
                    if (calls.incrementAndGet() < 5) {
                        self.serviceAgain(); // as a TLS handler would while hasPending() is true
                    }
                }
            }));
            Await.until("five calls", () -> calls.get() == 5);
            // Nothing is ready and nobody asks again: the loop must go to sleep (a task then has to
            // wake it) instead of calling the handler again.
            long wakeupsBefore = loop.counters().wakeups();
            Await.until("the loop asleep", () -> {
                loop.execute(() -> {});
                return loop.counters().wakeups() > wakeupsBefore;
            });
            assertEquals(5, calls.get());
            assertEquals(0, nonZeroOps.get());
            assertEquals(5, loop.counters().serviceAgainCalls());
            registration.close();
            pipe.sink().close();
        }
    }

    @Test
    void aHandlerThatAlwaysAsksAgainStarvesNeitherChannelsNorTasksNorTimers() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            Pipe pipe = Pipe.open();
            Registration greedy = Await.onLoop(loop, () -> loop.register(pipe.source(), 0, (self, readyOps) -> self.serviceAgain()));
            greedy.serviceAgain(); // from this thread: handed to the loop
            Listener listener = group.listen(HandlerFailureTest.loopback(), (channel, owner) -> new EchoHandler());
            try (PlainClient client = new PlainClient(listener.localAddress())) {
                client.echoRoundTrip(21);
            }
            CountDownLatch timerFired = new CountDownLatch(1);
            loop.execute(() -> loop.schedule(5, TimeUnit.MILLISECONDS, timerFired::countDown));
            assertTrue(timerFired.await(10, TimeUnit.SECONDS));
            assertTrue(loop.counters().serviceAgainCalls() > 0);
            greedy.close();
            pipe.sink().close();
        }
    }

    @Test
    void readinessNotConsumedIsServedEveryTurnWithoutStarvingTasks() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            Pipe pipe = Pipe.open();
            pipe.sink().write(ByteBuffer.wrap(new byte[] {1}));
            AtomicReference<Integer> lastOps = new AtomicReference<>();
            // Never reads: the source stays readable, select() returns at once every turn.
            Registration lazy = Await.onLoop(loop, () -> loop.register(pipe.source(), SelectionKey.OP_READ,
                    (self, readyOps) -> lastOps.set(readyOps)));
            Await.until("the idle reader served", () -> loop.counters().keysSelected() > 100);
            assertEquals(SelectionKey.OP_READ, (int) lastOps.get());
            assertEquals("still runs tasks", Await.onLoop(loop, () -> "still runs tasks"));
            lazy.close();
            pipe.sink().close();
        }
    }
}
