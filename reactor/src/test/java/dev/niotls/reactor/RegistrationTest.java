package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RegistrationTest {

    @Test
    void interestChangedFromAnotherThreadTakesEffectOnTheLoop() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            Pipe pipe = Pipe.open();
            pipe.sink().write(ByteBuffer.wrap(new byte[] {42}));
            CountDownLatch readable = new CountDownLatch(1);
            AtomicInteger readByte = new AtomicInteger(-1);
            Registration registration = Await.onLoop(loop, () -> loop.register(pipe.source(), 0, (self, readyOps) -> {
                ByteBuffer one = ByteBuffer.allocate(1);
                if ((readyOps & SelectionKey.OP_READ) != 0 && ((Pipe.SourceChannel) self.channel()).read(one) == 1) {
                    readByte.set(one.get(0));
                    self.removeInterest(SelectionKey.OP_READ);
                    readable.countDown();
                }
            }));
            registration.addInterest(SelectionKey.OP_READ); // from the test thread
            assertTrue(readable.await(10, TimeUnit.SECONDS));
            assertEquals(42, readByte.get());
            assertEquals(0, (int) Await.onLoop(loop, registration::interestOps));
            pipe.sink().close();
            registration.close();
        }
    }

    @Test
    void closeFromAnotherThreadClosesTheChannelAndCallsClosedOnce() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            EventLoop loop = group.loop(0);
            Pipe pipe = Pipe.open();
            AtomicInteger closedCalls = new AtomicInteger();
            Registration registration = Await.onLoop(loop, () -> loop.register(pipe.source(), SelectionKey.OP_READ,
                    new ChannelHandler() {
                        @Override
                        public void ready(Registration self, int readyOps) {}

                        @Override
                        public void closed(Registration self) {
                            closedCalls.incrementAndGet();
                        }
                    }));
            registration.close();
            registration.close();
            Await.until("closed", () -> !registration.isOpen());
            Await.onLoop(loop, () -> null); // both close requests have run
            assertEquals(1, closedCalls.get());
            assertFalse(pipe.source().isOpen());
            assertEquals(0, loop.counters().channelsOpen());
            pipe.sink().close();
        }
    }

    @Test
    void registerOffTheLoopThreadIsRefused() throws Exception {
        try (EventLoopGroup group = new EventLoopGroup(1)) {
            Pipe pipe = Pipe.open();
            assertThrows(IllegalStateException.class,
                    () -> group.loop(0).register(pipe.source(), SelectionKey.OP_READ, (self, readyOps) -> {}));
            pipe.source().close();
            pipe.sink().close();
        }
    }
}
