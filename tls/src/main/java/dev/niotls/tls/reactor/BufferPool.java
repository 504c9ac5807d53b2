package dev.niotls.tls.reactor;

import dev.niotls.tls.bio.BufferAllocator;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The buffers of one event loop's connections: a free list per size class. With
 * {@code TlsMode.RELEASE_BUFFERS} ({@code SSL_MODE_RELEASE_BUFFERS}) a connection takes a network
 * buffer when bytes arrive or leave and gives it back once it is empty, so a thousand idle
 * connections share the few buffers that the busy ones need. Used by the loop's thread only: no locks.
 *
 * <p>Size classes: the record buffer size ({@link BufferAllocator#RECORD_CAPACITY}, one whole TLS record with
 * its header), which is nearly every request, and powers of two for the rest (plaintext stashes).
 */
final class BufferPool implements BufferAllocator {
    /** Free buffers kept per size class; beyond that they are left to the garbage collector. */
    private static final int MAX_FREE_PER_CLASS = 256;
    /**
     * Free buffers kept per size class once the loop lends none (every connection idle): a burst
     * leaves the pool full, and an idle server should not keep a burst's worth of buffers (the soak
     * saw 245 of them, 4 MiB, stay after the load was gone).
     */
    static final int KEPT_WHEN_IDLE = 16;
    private static final int MIN_CLASS = 1024;

    /**
     * The free record buffers, apart: nearly every allocation asks for one, and a map lookup boxes its size (an
     * {@code Integer} beyond the cache) and hashes it, 2.3% of a keep-alive server's CPU in a profile.
     */
    private final ArrayDeque<ByteBuffer> freeRecords = new ArrayDeque<>();
    /** The free buffers of the other size classes. */
    private final Map<Integer, ArrayDeque<ByteBuffer>> free = new HashMap<>();
    private final CounterCells counters;

    BufferPool(CounterCells counters) {
        this.counters = counters;
    }

    @Override
    public ByteBuffer allocate(int capacity) {
        int size = sizeClass(capacity);
        ByteBuffer buffer = freeList(size).pollLast();
        if (buffer == null) {
            buffer = ByteBuffer.allocate(size);
        } else {
            counters.add(CounterCells.BUFFERS_POOLED, -1);
            buffer.clear();
        }
        counters.increment(CounterCells.BUFFERS_LENT);
        long lent = counters.get(CounterCells.BUFFERS_LENT);
        if (lent > counters.get(CounterCells.BUFFERS_LENT_PEAK)) {
            counters.add(CounterCells.BUFFERS_LENT_PEAK, lent - counters.get(CounterCells.BUFFERS_LENT_PEAK));
        }
        return buffer;
    }

    @Override
    public void release(ByteBuffer buffer) {
        counters.add(CounterCells.BUFFERS_LENT, -1);
        int size = buffer.capacity();
        if (size != sizeClass(size) || !buffer.hasArray()) {
            return; // not one of ours: let it go
        }
        ArrayDeque<ByteBuffer> list = freeList(size);
        if (list.size() < MAX_FREE_PER_CLASS) {
            list.addLast(buffer); // LIFO: the warmest buffer (in the CPU cache) goes out first
            counters.increment(CounterCells.BUFFERS_POOLED);
        }
        trimWhenIdle();
    }

    /** The free list of a size class, made on first use. */
    private ArrayDeque<ByteBuffer> freeList(int sizeClass) {
        return sizeClass == BufferAllocator.RECORD_CAPACITY ? freeRecords
                : free.computeIfAbsent(sizeClass, key -> new ArrayDeque<>());
    }

    /** A buffer lent to a connection that died holding it: it is not coming back. */
    void writeOff(ByteBuffer buffer) {
        counters.add(CounterCells.BUFFERS_LENT, -1);
        trimWhenIdle();
    }

    /** Once nothing is lent, drops the free buffers beyond {@link #KEPT_WHEN_IDLE} per size class. */
    private void trimWhenIdle() {
        if (counters.get(CounterCells.BUFFERS_LENT) != 0) {
            return;
        }
        trim(freeRecords);
        for (ArrayDeque<ByteBuffer> list : free.values()) {
            trim(list);
        }
    }

    private void trim(ArrayDeque<ByteBuffer> list) {
        while (list.size() > KEPT_WHEN_IDLE) {
            list.pollFirst(); // the coldest first
            counters.add(CounterCells.BUFFERS_POOLED, -1);
        }
    }

    static int sizeClass(int capacity) {
        if (capacity == BufferAllocator.RECORD_CAPACITY) {
            return capacity;
        }
        if (capacity <= MIN_CLASS) {
            return MIN_CLASS;
        }
        int power = Integer.highestOneBit(capacity);
        return power == capacity ? capacity : power << 1;
    }
}
