package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TaskBudgetTest {

    @Test
    void anEndlessStreamOfTasksDoesNotStarveIo() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            AtomicBoolean stop = new AtomicBoolean();
            loop.execute(new Runnable() {
                @Override
                public void run() {
                    if (!stop.get()) {
                        loop.execute(this); // always one more task in the queue
                        loop.execute(() -> {});
                    }
                }
            });
            Listener listener = group.listen(HandlerFailureTest.loopback(), (channel, owner) -> new EchoHandler());
            try (PlainClient client = new PlainClient(listener.localAddress())) {
                for (int seed = 0; seed < 20; seed++) {
                    client.echoRoundTrip(seed);
                }
            } finally {
                stop.set(true);
            }
            assertTrue(loop.counters().tasksRun() > 1_000, "the task flood did run: " + loop.counters().tasksRun());
        }
    }
}
