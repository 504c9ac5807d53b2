package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class WakeupTest {

    @Test
    void tasksSubmittedWhileTheLoopIsAwakeCostNoWakeup() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            CountDownLatch busy = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            loop.execute(() -> {
                busy.countDown();
                await(release); // holds the loop awake, outside select()
            });
            assertTrue(busy.await(10, TimeUnit.SECONDS));
            long wakeupsBefore = loop.counters().wakeups();
            long tasksBefore = loop.counters().tasksRun(); // counts the blocking task already
            submitFromThreads(loop, 4, 2_500);
            release.countDown();
            Await.until("10,000 tasks run", () -> loop.counters().tasksRun() >= tasksBefore + 10_000);
            assertEquals(wakeupsBefore, loop.counters().wakeups());
        }
    }

    @Test
    void atMostOneWakeupPerSleep() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            // A task that comes while the loop sleeps wakes it. On a loaded machine the loop may not have
            // reached select() when the first task comes, so tasks are offered until one found it asleep.
            Await.until("a task woke the sleeping loop", () -> {
                loop.execute(() -> {});
                return loop.counters().wakeups() >= 1;
            });
            long tasksBefore = loop.counters().tasksRun();
            submitFromThreads(loop, 4, 10_000);
            Await.until("40,000 tasks run", () -> loop.counters().tasksRun() >= tasksBefore + 40_000);
            long wakeups = loop.counters().wakeups();
            long sleeps = loop.counters().sleeps();
            assertTrue(wakeups <= sleeps, wakeups + " wakeups for " + sleeps + " sleeps");
        }
    }

    private static void submitFromThreads(EventLoop loop, int threads, int tasksEach) throws InterruptedException {
        List<Thread> producers = new ArrayList<>();
        for (int thread = 0; thread < threads; thread++) {
            producers.add(new Thread(() -> {
                for (int task = 0; task < tasksEach; task++) {
                    loop.execute(() -> {});
                }
            }));
        }
        producers.forEach(Thread::start);
        for (Thread producer : producers) {
            producer.join();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
