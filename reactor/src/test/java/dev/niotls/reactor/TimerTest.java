package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerTest {

    @Test
    void timersFireInDeadlineOrderAndCancelledOnesNever() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            List<Integer> fired = new ArrayList<>(); // loop thread only
            List<TimerHandle> timeouts = new ArrayList<>();
            Set<Integer> cancelled = new HashSet<>();
            CountDownLatch sentinel = new CountDownLatch(1);
            Await.onLoop(loop, () -> {
                Random random = new Random(42);
                for (int index = 0; index < 300; index++) {
                    int id = index;
                    timeouts.add(loop.schedule(random.nextInt(150), TimeUnit.MILLISECONDS, () -> fired.add(id)));
                }
                for (int index = 0; index < 300; index += 3) {
                    assertTrue(timeouts.get(index).cancel());
                    cancelled.add(index);
                }
                // Later than every other deadline: when it fires, every earlier timer has had its turn.
                loop.schedule(200, TimeUnit.MILLISECONDS, sentinel::countDown);
                return null;
            });
            assertTrue(sentinel.await(10, TimeUnit.SECONDS));
            List<Integer> firedCopy = Await.onLoop(loop, () -> new ArrayList<>(fired));
            assertEquals(200, firedCopy.size());
            for (int position = 0; position < firedCopy.size(); position++) {
                int id = firedCopy.get(position);
                assertFalse(cancelled.contains(id), "cancelled timer " + id + " fired");
                if (position > 0) {
                    assertTrue(timeouts.get(firedCopy.get(position - 1)).firesBefore(timeouts.get(id)),
                            "timer " + id + " fired out of deadline order");
                }
            }
            assertEquals(201, loop.counters().timersFired());
            assertEquals(0, (int) Await.onLoop(loop, loop::pendingTimers));
        }
    }

    @Test
    void cancelledTimersLeaveNothingBehind() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            List<TimerHandle> timeouts = Await.onLoop(loop, () -> {
                List<TimerHandle> scheduled = new ArrayList<>();
                Random random = new Random(7);
                for (int index = 0; index < 100_000; index++) {
                    scheduled.add(loop.schedule(1 + random.nextInt(3_600), TimeUnit.SECONDS, () -> {}));
                }
                return scheduled;
            });
            assertEquals(100_000, (int) Await.onLoop(loop, loop::pendingTimers));
            for (int index = 0; index < timeouts.size(); index += 2) {
                timeouts.get(index).cancel(); // from this thread: handed to the loop
            }
            Await.onLoop(loop, () -> {
                for (int index = 1; index < timeouts.size(); index += 2) {
                    timeouts.get(index).cancel();
                }
                return null;
            });
            assertEquals(0, (int) Await.onLoop(loop, loop::pendingTimers));
            assertTrue(timeouts.get(5).isCancelled());
        }
    }

    @Test
    void rescheduleReusesOneHandle() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            AtomicInteger runs = new AtomicInteger();
            TimerHandle idle = Await.onLoop(loop, () -> loop.schedule(1, TimeUnit.HOURS, runs::incrementAndGet));
            Await.onLoop(loop, () -> {
                idle.reschedule(5, TimeUnit.MILLISECONDS);
                return null;
            });
            Await.until("first firing", () -> runs.get() == 1);
            assertFalse(idle.isPending());
            Await.onLoop(loop, () -> {
                idle.reschedule(0, TimeUnit.MILLISECONDS);
                return null;
            });
            Await.until("second firing", () -> runs.get() == 2);
            assertFalse(idle.isCancelled());
        }
    }

    @Test
    void timerWithZeroDelayScheduledByATimerWaitsForTheNextTurn() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            AtomicInteger generations = new AtomicInteger();
            Await.onLoop(loop, () -> loop.schedule(0, TimeUnit.MILLISECONDS, new Runnable() {
                @Override
                public void run() {
                    if (generations.incrementAndGet() < 100) {
                        loop.schedule(0, TimeUnit.MILLISECONDS, this);
                    }
                }
            }));
            Await.until("100 generations", () -> generations.get() == 100);
            assertTrue(loop.counters().loopTurns() >= 100, "each generation fired in its own turn");
        }
    }

    @Test
    void scheduleOffTheLoopThreadIsRefused() {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            assertThrows(IllegalStateException.class,
                    () -> group.loop(0).schedule(1, TimeUnit.SECONDS, () -> {}));
        }
    }
}
