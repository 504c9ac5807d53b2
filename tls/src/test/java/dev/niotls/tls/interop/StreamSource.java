package dev.niotls.tls.interop;

import dev.niotls.tls.testing.SeededStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The seeded stream a niotls side sends, cut into writes of {@code writeSize}, with actions (start a
 * renegotiation, a KeyUpdate) run when a given offset has been written: "mid-transfer".
 */
final class StreamSource implements SelectorDriver.Source {
    private final SeededStream stream;
    private final long total;
    private final int writeSize;
    private final List<Long> actionOffsets = new ArrayList<>();
    private final List<Runnable> actions = new ArrayList<>();
    private final ByteBuffer buffer;
    private long written;

    StreamSource(long seed, long total, int writeSize) {
        this.stream = new SeededStream(seed);
        this.total = total;
        this.writeSize = writeSize;
        this.buffer = ByteBuffer.allocate(writeSize);
    }

    /** Runs {@code action} before the first write that starts at or after {@code offset}. */
    StreamSource at(long offset, Runnable action) {
        actionOffsets.add(offset);
        actions.add(action);
        return this;
    }

    @Override
    public ByteBuffer next() {
        if (stream.position() >= total) {
            return null;
        }
        for (int i = 0; i < actions.size(); i++) {
            if (actionOffsets.get(i) <= written) {
                actionOffsets.remove(i);
                actions.remove(i--).run();
            }
        }
        buffer.clear();
        stream.fill(buffer, (int) Math.min(writeSize, total - stream.position()));
        buffer.flip();
        return buffer;
    }

    @Override
    public void written(int count) {
        written += count;
    }

    long written() {
        return written;
    }

    boolean finished() {
        return written == total;
    }
}
