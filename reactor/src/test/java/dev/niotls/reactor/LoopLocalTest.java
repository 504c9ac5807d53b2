package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoopLocalTest {
    @Test
    void eachLoopMakesItsValueOnceAndEveryThreadSeesIt() throws Exception {
        AtomicInteger made = new AtomicInteger();
        LoopLocal<List<String>> local = new LoopLocal<>(loop -> {
            made.incrementAndGet();
            return new ArrayList<>(List.of(loop.name()));
        });
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            EventLoop first = group.loop(0);
            List<String> onLoop = Await.onLoop(first, () -> local.get(first));
            assertSame(onLoop, local.get(first), "another thread sees the loop's value");
            assertEquals(List.of(first.name()), onLoop);
            assertNotSame(onLoop, local.get(group.loop(1)));
            assertEquals(2, made.get());
        }
    }

    @Test
    void threadsRacingForTheFirstValueGetTheSameOne() throws Exception {
        AtomicInteger made = new AtomicInteger();
        LoopLocal<Object> local = new LoopLocal<>(loop -> new int[] {made.incrementAndGet()});
        LoopLocal<Object> other = new LoopLocal<>(loop -> "other");
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            List<CompletableFuture<Object>> racers = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                LoopLocal<Object> asked = thread % 2 == 0 ? local : other;
                racers.add(CompletableFuture.supplyAsync(() -> asked.get(loop)));
            }
            Object value = local.get(loop);
            for (int thread = 0; thread < racers.size(); thread++) {
                assertSame(thread % 2 == 0 ? value : "other", racers.get(thread).get(20, TimeUnit.SECONDS));
            }
            assertEquals(1, made.get());
            assertEquals("other", other.get(loop), "a second LoopLocal keeps the first one's value in place");
            assertSame(value, local.get(loop));
        }
    }
}
