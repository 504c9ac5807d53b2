package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TaskTest {
    private static final int PRODUCERS = 4;
    private static final int TASKS_EACH = 20_000;

    @Test
    void tasksFromManyThreadsRunInEachThreadsSubmissionOrder() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            int[] lastSeen = new int[PRODUCERS]; // touched by the loop thread only
            int[] outOfOrder = new int[1];
            CountDownLatch allRan = new CountDownLatch(PRODUCERS * TASKS_EACH);
            List<Thread> producers = new ArrayList<>();
            for (int producer = 0; producer < PRODUCERS; producer++) {
                int id = producer;
                producers.add(new Thread(() -> {
                    for (int sequence = 1; sequence <= TASKS_EACH; sequence++) {
                        int expected = sequence;
                        loop.execute(() -> {
                            if (lastSeen[id] + 1 != expected) {
                                outOfOrder[0]++;
                            }
                            lastSeen[id] = expected;
                            allRan.countDown();
                        });
                    }
                }));
            }
            producers.forEach(Thread::start);
            assertTrue(allRan.await(20, TimeUnit.SECONDS));
            // The latch's countDown/await orders the loop's writes before these reads.
            assertEquals(0, outOfOrder[0]);
            for (int producer = 0; producer < PRODUCERS; producer++) {
                assertEquals(TASKS_EACH, lastSeen[producer]);
            }
        }
    }

    @Test
    void tasksSubmittedFromTheLoopRunAfterTheOnesAlreadyQueued() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            List<String> order = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            loop.execute(() -> {
                // a and b are queued before either runs; c, queued by a, must come after b.
                loop.execute(() -> {
                    order.add("a");
                    loop.execute(() -> {
                        order.add("c");
                        done.countDown();
                    });
                });
                loop.execute(() -> order.add("b"));
            });
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("a", "b", "c"), order);
        }
    }

    @Test
    void aThrowingTaskIsLoggedAndTheLoopGoesOn() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            loop.execute(() -> {
                throw new IllegalStateException("task failure injected by the test");
            });
            AtomicReference<EventLoop> seen = new AtomicReference<>();
            assertEquals("alive", Await.onLoop(loop, () -> {
                seen.set(EventLoop.current());
                return "alive";
            }));
            assertSame(loop, seen.get());
            assertEquals(1, loop.counters().handlerFailures());
        }
    }

    @Test
    void executeAfterTerminationIsRejected() {
        EventLoopGroup group = new EventLoopGroup(1);
        group.close();
        assertTrue(group.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> group.loop(0).execute(() -> {}));
    }
}
