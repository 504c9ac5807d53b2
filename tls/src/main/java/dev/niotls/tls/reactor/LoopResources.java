package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.reactor.LoopLocal;
import dev.niotls.tls.bio.BufferAllocator;
import dev.niotls.tls.events.ReactorEvents;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What the TLS channels of one event loop share: the counters, the buffer pool, and the one buffer
 * that {@code SSL_read} decrypts into before {@link TlsHandler#onData} (a loop serves one channel at a
 * time, so one read buffer per loop is enough, and no connection owns one).
 *
 * <p>The reactor knows nothing of TLS: each loop keeps its resources in a {@link LoopLocal} slot, made by the
 * first channel (or {@link TlsCounters}) that asks, and gone with the loop. The pool and the read buffer are used
 * on the loop's thread only; the counters are read from anywhere.
 */
final class LoopResources {
    private static final LoopLocal<LoopResources> PER_LOOP = new LoopLocal<>(LoopResources::made);
    /**
     * Every live loop's resources, for JFR's periodic thread, which has no loop to ask. Weak: the loop's slot holds
     * its resources, so they leave this set when the loop is gone. Touched once per loop and once per JFR period,
     * never on a channel's path.
     */
    private static final Set<LoopResources> LIVE = Collections.newSetFromMap(new WeakHashMap<>());

    static {
        // The JFR periodic event dev.niotls.LoopWants reads the counters that exist anyway: nothing on the hot path.
        ReactorEvents.registerLoopWants(LoopResources::forEachLoop);
    }

    private final String loopName;
    private final CounterCells counters = new CounterCells();
    private final BufferPool pool = new BufferPool(counters);
    /** One record's plaintext at most per read: 16 KiB (RFC 8446 section 5.1), less than a record buffer. */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(BufferAllocator.RECORD_CAPACITY);
    /** What the last LoopWants event reported (written by JFR's periodic thread only). */
    private long reportedWantReads;
    private long reportedWantWrites;

    private LoopResources(String loopName) {
        this.loopName = loopName;
    }

    /** The slot's initial value; keeps the loop's name, not the loop (the set above must not keep loops alive). */
    private static LoopResources made(EventLoop loop) {
        LoopResources resources = new LoopResources(loop.name());
        synchronized (LIVE) {
            LIVE.add(resources);
        }
        return resources;
    }

    static LoopResources of(EventLoop loop) {
        return PER_LOOP.get(loop);
    }

    static CounterCells[] countersOf(EventLoopGroup group) {
        CounterCells[] cells = new CounterCells[group.size()];
        for (int index = 0; index < cells.length; index++) {
            cells[index] = of(group.loop(index)).counters;
        }
        return cells;
    }

    /** Every live loop's WANT_READ / WANT_WRITE counts, for the periodic JFR event (on JFR's thread). */
    private static void forEachLoop(ReactorEvents.LoopWantsSink sink) {
        List<LoopResources> loops;
        synchronized (LIVE) {
            loops = new ArrayList<>(LIVE);
        }
        for (LoopResources loop : loops) {
            long reads = loop.counters.get(CounterCells.WANT_READS);
            long writes = loop.counters.get(CounterCells.WANT_WRITES);
            sink.loop(loop.loopName, reads, writes, reads - loop.reportedWantReads, writes - loop.reportedWantWrites);
            loop.reportedWantReads = reads;
            loop.reportedWantWrites = writes;
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
