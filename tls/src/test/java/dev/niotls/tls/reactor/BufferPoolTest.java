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

    /** Plaintext stashes take power-of-two classes, kept apart from the record buffers and trimmed the same way. */
    @Test
    void otherSizeClassesArePooledApartAndTrimmedToo() {
        CounterCells counters = new CounterCells();
        BufferPool pool = new BufferPool(counters);
        List<ByteBuffer> lent = new ArrayList<>();
        for (int index = 0; index < 40; index++) {
            lent.add(pool.allocate(3000));
        }
        ByteBuffer record = pool.allocate(BufferAllocator.RECORD_CAPACITY);
        assertEquals(4096, lent.get(0).capacity(), "3000 bytes take the 4 KiB class");
        lent.forEach(pool::release);
        assertEquals(40, counters.get(CounterCells.BUFFERS_POOLED), "a record buffer is still lent: all kept");
        ByteBuffer again = pool.allocate(4000);
        assertSame(lent.get(lent.size() - 1), again, "the 4 KiB class gives its warmest buffer");
        ByteBuffer secondRecord = pool.allocate(BufferAllocator.RECORD_CAPACITY);
        assertEquals(BufferAllocator.RECORD_CAPACITY, secondRecord.capacity(), "no 4 KiB buffer for a record");
        pool.release(again);
        pool.release(record);
        pool.release(secondRecord);
        assertEquals(0, counters.get(CounterCells.BUFFERS_LENT));
        assertEquals(BufferPool.KEPT_WHEN_IDLE + 2, counters.get(CounterCells.BUFFERS_POOLED),
                "idle: the 4 KiB class trimmed to its 16, both record buffers kept");
    }
}
