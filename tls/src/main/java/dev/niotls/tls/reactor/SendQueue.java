package dev.niotls.tls.reactor;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The buffers a channel's application has sent and TLS has not yet taken, with the one pending
 * write at their head.
 *
 * <p>It is the write side of the channel's {@link dev.niotls.tls.loop.ChannelDriver.Endpoint}. SPEC
 * section 7: at most one write is pending per connection, and it is <b>the identical
 * {@code ByteBuffer} object</b> that got WANT_READ / WANT_WRITE, offered again until {@code SSL_write}
 * completes it (W3, W4: another object would be {@code SSL_R_BAD_WRITE_RETRY}). Only then does the
 * next queued buffer become the pending one.
 *
 * <p>Backpressure: {@link #add} reports when the queued bytes reach the limit, and {@link
 * #takeWritableSignal} tells once they fell to half of it (hysteresis, so an application that
 * refills at once does not flip the state on every record).
 */
final class SendQueue {
    /**
     * Where the limit comes from: the channel's settings, shared by all its server's channels (a reference, where
     * a copy of the long would make every idle channel's queue 8 bytes bigger).
     */
    private final ChannelSettings settings;
    /** The next buffer after the pending write; most channels never queue more than this one. */
    private ByteBuffer next;
    /** Buffers behind {@code next}: made when a second one queues up, dropped when drained (not kept while idle). */
    private ArrayDeque<ByteBuffer> rest;
    /** The buffer {@code SSL_write} works on; retried as the same object until complete. */
    private ByteBuffer pendingWrite;
    private long queuedBytes;
    private boolean writableWanted;

    SendQueue(ChannelSettings settings) {
        this.settings = settings;
    }

    /** @return {@code false} when the queue reached its limit (the buffer is queued anyway) */
    boolean add(ByteBuffer data) {
        if (next == null && rest == null) {
            next = data;
        } else {
            if (rest == null) {
                rest = new ArrayDeque<>(4);
            }
            rest.addLast(data);
        }
        queuedBytes += data.remaining();
        if (queuedBytes >= settings.sendQueueLimit()) {
            writableWanted = true;
            return false;
        }
        return true;
    }

    /** @return the pending write, taking the next queued buffer if none; {@code null} when empty */
    ByteBuffer pendingWrite() {
        while (pendingWrite == null && next != null) {
            ByteBuffer candidate = next;
            next = rest == null ? null : rest.pollFirst();
            if (rest != null && rest.isEmpty()) {
                rest = null;
            }
            if (candidate.hasRemaining()) {
                pendingWrite = candidate;
            }
        }
        return pendingWrite;
    }

    /** {@code SSL_write} took {@code count} bytes of the pending write. */
    void written(int count) {
        queuedBytes -= count;
        if (!pendingWrite.hasRemaining()) {
            pendingWrite = null;
        }
    }

    long queuedBytes() {
        return queuedBytes;
    }

    /** @return {@code true} once after {@link #add} reported full and the queue drained to half the limit */
    boolean takeWritableSignal() {
        if (writableWanted && queuedBytes <= settings.sendQueueLimit() / 2) {
            writableWanted = false;
            return true;
        }
        return false;
    }

    /** Drops everything: the channel closed. */
    void clear() {
        next = null;
        rest = null;
        pendingWrite = null;
        queuedBytes = 0;
        writableWanted = false;
    }
}
