package dev.niotls.tls.reactor;

import dev.niotls.tls.testing.SeededStream;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Sends a seeded stream through a {@link TlsChannel} the way an application should: chunk after chunk
 * until {@code send} reports the queue full, then again from {@code onWritable}. Actions (a
 * renegotiation, a key update, a close) run when the stream reaches the offsets they are set at.
 */
final class StreamSender {
    private static final int CHUNK = 32 * 1024;

    private final SeededStream stream;
    private final long length;
    private final TreeMap<Long, Consumer<TlsChannel>> actions = new TreeMap<>();
    private int fullReports;

    StreamSender(long seed, long length) {
        this.stream = new SeededStream(seed);
        this.length = length;
    }

    /** Runs {@code action} once {@code offset} bytes have been queued. */
    StreamSender at(long offset, Consumer<TlsChannel> action) {
        actions.merge(offset, action, Consumer::andThen);
        return this;
    }

    /** Queues chunks until the whole stream is queued (true) or the channel's queue is full (false). */
    boolean pump(TlsChannel channel) {
        for (;;) {
            long offset = stream.position();
            Map.Entry<Long, Consumer<TlsChannel>> action = actions.firstEntry();
            if (action != null && action.getKey() <= offset) {
                actions.pollFirstEntry().getValue().accept(channel);
                continue;
            }
            if (offset == length) {
                return true;
            }
            long stop = action == null ? length : Math.min(length, action.getKey());
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, stop - offset));
            stream.fill(chunk);
            if (!channel.send(chunk.flip())) {
                fullReports++;
                return stream.position() == length && actions.isEmpty();
            }
        }
    }

    boolean done() {
        return stream.position() == length && actions.isEmpty();
    }

    long queued() {
        return stream.position();
    }

    /** Times {@code send} returned false. */
    int fullReports() {
        return fullReports;
    }
}
