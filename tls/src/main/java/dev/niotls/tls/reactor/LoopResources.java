package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.bio.BufferAllocator;
import dev.niotls.tls.events.ReactorEvents;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * What the TLS channels of one event loop share: the counters, the buffer pool, and the one buffer
 * that {@code SSL_read} decrypts into before {@link TlsHandler#onData} (a loop serves one channel at a
 * time, so one read buffer per loop is enough, and no connection owns one).
 *
 * <p>The reactor knows nothing of TLS, so these live in a registry keyed by the group. The map is
 * weak: a group that is no longer used goes away with its resources (the values never refer back to
 * the group or its loops, or the weak keys would never be cleared).
 */
final class LoopResources {
    private static final Map<EventLoopGroup, LoopResources[]> REGISTRY = new WeakHashMap<>();

    static {
        // The JFR periodic event dev.niotls.LoopWants reads the counters that exist anyway: nothing on the hot path.
        ReactorEvents.registerLoopWants(LoopResources::forEachLoop);
    }

    private final CounterCells counters = new CounterCells();
    private final BufferPool pool = new BufferPool(counters);
    /** One record's plaintext at most per read: 16 KiB (RFC 8446 section 5.1), less than a record buffer. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(BufferAllocator.RECORD_CAPACITY);
    /** What the last LoopWants event reported (written by JFR's periodic thread only). */
    private long reportedWantReads;
    private long reportedWantWrites;

    static LoopResources of(EventLoop loop) {
        return ofGroup(loop.group())[loop.index()];
    }

    static CounterCells[] countersOf(EventLoopGroup group) {
        LoopResources[] loops = ofGroup(group);
        CounterCells[] cells = new CounterCells[loops.length];
        for (int index = 0; index < loops.length; index++) {
            cells[index] = loops[index].counters;
        }
        return cells;
    }

    private static synchronized LoopResources[] ofGroup(EventLoopGroup group) {
        return REGISTRY.computeIfAbsent(group, key -> {
            LoopResources[] loops = new LoopResources[key.size()];
            for (int index = 0; index < loops.length; index++) {
                loops[index] = new LoopResources();
            }
            return loops;
        });
    }

    /** Every live loop's WANT_READ / WANT_WRITE counts, for the periodic JFR event (on JFR's thread). */
    private static synchronized void forEachLoop(ReactorEvents.LoopWantsSink sink) {
        for (Map.Entry<EventLoopGroup, LoopResources[]> entry : REGISTRY.entrySet()) {
            LoopResources[] loops = entry.getValue();
            for (int index = 0; index < loops.length; index++) {
                LoopResources loop = loops[index];
                long reads = loop.counters.get(CounterCells.WANT_READS);
                long writes = loop.counters.get(CounterCells.WANT_WRITES);
                sink.loop(entry.getKey().loop(index).name(), reads, writes, reads - loop.reportedWantReads,
                        writes - loop.reportedWantWrites);
                loop.reportedWantReads = reads;
                loop.reportedWantWrites = writes;
            }
        }
    }

    CounterCells counters() {
        return counters;
    }

    BufferPool pool() {
        return pool;
    }

    /** Whether {@code data} shares the loop's read buffer (an application that forgot to copy it). */
    boolean isReadBuffer(ByteBuffer data) {
        return data.hasArray() && data.array() == readBuffer.array();
    }

    /** The loop's read buffer, cleared; valid until the next call on this loop. */
    ByteBuffer readBuffer() {
        return readBuffer.clear();
    }
}
