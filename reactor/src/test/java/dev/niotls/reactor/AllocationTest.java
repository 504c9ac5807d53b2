package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class AllocationTest {
    private static final int WARMUP_TURNS = 20_000;
    private static final int MEASURED_TURNS = 100_000;

    @Test
    void aTurnWithSelectNowAndServiceAgainAllocatesNothing() throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            Pipe pipe = Pipe.open();
            CompletableFuture<Long> allocated = new CompletableFuture<>();
            ChannelHandler spinner = new ChannelHandler() {
                private int calls;
                private long atStart;

                @Override
                public void ready(Registration self, int readyOps) {
                    calls++;
                    if (calls == WARMUP_TURNS) {
                        atStart = threads.getCurrentThreadAllocatedBytes();
                    } else if (calls == WARMUP_TURNS + MEASURED_TURNS) {
                        allocated.complete(threads.getCurrentThreadAllocatedBytes() - atStart);
                        return;
                    }
                    self.serviceAgain(); // each turn: selectNow(consumer), serve again, timers, tasks
                }
            };
            loop.execute(() -> {
                try {
                    loop.register(pipe.source(), SelectionKey.OP_READ, spinner).serviceAgain();
                } catch (java.io.IOException failure) {
                    allocated.completeExceptionally(failure);
                }
            });
            long bytes = allocated.get(20, TimeUnit.SECONDS);
            // A single allocation per turn would be >= 16 bytes x 100,000 turns = 1.6 MB.
            assertTrue(bytes < 16_000, bytes + " bytes allocated over " + MEASURED_TURNS + " turns");
            pipe.sink().close();
        }
    }
}
