package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.niotls.tls.bio.BufferAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The loop's buffer pool keeps a burst's buffers while it is busy and gives most back once idle. */
class BufferPoolTest {

    @Test
    void aBurstsBuffersAreKeptWhileBusyAndTrimmedOnceNothingIsLent() {
        CounterCells counters = new CounterCells();
        BufferPool pool = new BufferPool(counters);
        List<ByteBuffer> lent = new ArrayList<>();
        for (int index = 0; index < 100; index++) {
            lent.add(pool.allocate(BufferAllocator.RECORD_CAPACITY));
        }
        ByteBuffer stillLent = lent.remove(0);
        for (ByteBuffer buffer : lent) {
            pool.release(buffer);
        }
        assertEquals(99, counters.get(CounterCells.BUFFERS_POOLED), "busy: the burst's buffers stay pooled");
        pool.release(stillLent);
        assertEquals(0, counters.get(CounterCells.BUFFERS_LENT));
        assertEquals(BufferPool.KEPT_WHEN_IDLE, counters.get(CounterCells.BUFFERS_POOLED), "idle: trimmed");
        ByteBuffer warmest = pool.allocate(BufferAllocator.RECORD_CAPACITY);
        assertSame(stillLent, warmest, "the last one given back goes out first");
    }
}
