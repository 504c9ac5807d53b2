package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SelectorRebuildTest {
    private static final int THRESHOLD = 8;

    @Test
    void prematureWakeupsRebuildTheSelectorAndKeepEveryRegistration() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(LoopConfig.defaults().loops(1).prematureWakeupThreshold(THRESHOLD))) {
            EventLoop loop = group.loop(0);
            Listener listener = group.listen(HandlerFailureTest.loopback(), (channel, owner) -> new EchoHandler());
            try (PlainClient before = new PlainClient(listener.localAddress())) {
                before.echoRoundTrip(1);
                Selector original = loop.selector();
                // Selector.wakeup() behind the loop's back looks exactly like a spurious epoll return:
                // 0 keys, before the timeout, and no task asked for it.
                Await.until("a selector rebuild", () -> {
                    loop.selector().wakeup();
                    return loop.counters().selectorRebuilds() > 0;
                });
                assertTrue(loop.counters().prematureWakeups() >= THRESHOLD);
                assertNotSame(original, loop.selector());
                assertFalse(original.isOpen());
                before.echoRoundTrip(2); // the connection moved to the new selector
                try (PlainClient after = new PlainClient(listener.localAddress())) {
                    after.echoRoundTrip(3); // and so did the listener
                }
                assertEquals(0, loop.counters().handlerFailures());
            }
        }
    }

    @Test
    void wakeupsAskedByTasksAreNeverPremature() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(LoopConfig.defaults().loops(1).prematureWakeupThreshold(1))) {
            EventLoop loop = group.loop(0);
            for (int task = 0; task < 200; task++) {
                Await.onLoop(loop, () -> null); // each one wakes a sleeping loop through execute()
            }
            assertEquals(0, loop.counters().selectorRebuilds());
            assertTrue(loop.counters().wakeups() > 0);
        }
    }
}
