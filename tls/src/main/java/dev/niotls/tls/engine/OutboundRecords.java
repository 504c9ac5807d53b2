package dev.niotls.tls.engine;

import dev.niotls.tls.bio.BufferAllocator;
import dev.niotls.tls.bio.Bio;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Ciphertext on its way from Bouncy Castle's output queue to the BIO. Whatever the BIO does not
 * take stays here, in order, until the next flush; nothing is ever re-encrypted.
 */
public final class OutboundRecords {
    private static final int CAPACITY = InboundRecords.CAPACITY;
    /** What a cork holds at most: half a buffer, so that the record that follows fits behind it. */
    private static final int CORK_LIMIT = CAPACITY / 2;

    private final BufferAllocator allocator;
    private final boolean releaseWhenEmpty;
    /** Read mode: position..limit is ciphertext not yet taken by the BIO. */
    private ByteBuffer buffer;
    /** Whether {@code buffer} is a one-off larger heap buffer (see {@link #reserve}), not the allocator's. */
    private boolean oversized;
    /** See {@link #flushUnlessCorked}. */
    private boolean corked;

    public OutboundRecords(BufferAllocator allocator, boolean releaseWhenEmpty) {
        this.allocator = allocator;
        this.releaseWhenEmpty = releaseWhenEmpty;
    }

    /**
     * Moves ciphertext to the BIO until the engine's queue and this buffer are both empty.
     *
     * @return true when everything went out, false when the BIO would block
     */
    public boolean flush(Engine engine, Bio bio) throws IOException {
        for (;;) {
            if (buffer == null || !buffer.hasRemaining()) {
                int available = engine.availableOutput();
                if (available == 0) {
                    return true;
                }
                refill(engine, available);
            }
            int written;
            try {
                written = bio.write(buffer); // IO block: a blocking BIO waits here
            } catch (IOException e) {
                throw new TransportException(e);
            }
            if (written == 0 && buffer.hasRemaining()) {
                return false;
            }
        }
    }

    /** Turns the cork of {@link #flushUnlessCorked} on or off; turning it off sends nothing by itself. */
    public void cork(boolean on) {
        corked = on;
    }

    /** Whether {@link #cork} last turned the cork on. */
    public boolean corked() {
        return corked;
    }

    /**
     * As {@link #flush}, for the records of a completed write: while corked, they stay here as long as they fit in
     * half a buffer, and the next {@link #flush} sends them; after close_notify was queued behind them, both leave in
     * one BIO write, one TCP segment (the idea of Linux's {@code TCP_CORK}).
     */
    public boolean flushUnlessCorked(Engine engine, Bio bio) throws IOException {
        if (corked && waiting() + engine.availableOutput() <= CORK_LIMIT) {
            return true;
        }
        return flush(engine, bio);
    }

    /** Queues bytes made outside the engine (a plaintext alert); only while nothing else waits here. */
    public void enqueue(byte[] bytes) {
        if (buffer != null && buffer.hasRemaining()) {
            throw new IllegalStateException("ciphertext is waiting; bytes would be reordered");
        }
        if (buffer == null) {
            buffer = allocator.allocate(CAPACITY);
        }
        buffer.clear();
        buffer.put(bytes).flip();
    }

    /**
     * Room for {@code length} bytes behind the ciphertext that waits, for a record the niotls record layer
     * protects in place (no queue of its own, no copy). Compacts the buffer if needed; should a hand-off leave
     * more waiting than one buffer holds, a larger one is used until it drains.
     *
     * @return the index in {@link #array()} to write at; call {@link #appended} with the count written
     */
    public int reserve(int length) {
        if (buffer == null) {
            buffer = allocator.allocate(CAPACITY);
            buffer.clear().limit(0);
        }
        int waiting = buffer.remaining();
        if (buffer.capacity() - buffer.limit() < length) {
            if (buffer.capacity() - waiting >= length) {
                buffer.compact().flip();
            } else {
                ByteBuffer larger = ByteBuffer.allocate(waiting + Math.max(length, CAPACITY));
                larger.put(buffer).flip();
                release();
                buffer = larger;
                oversized = true;
            }
        }
        return buffer.arrayOffset() + buffer.limit();
    }

    /** The array {@link #reserve} pointed into. */
    public byte[] array() {
        return buffer.array();
    }

    /** Marks {@code length} bytes written at the index {@link #reserve} returned as waiting for the BIO. */
    public void appended(int length) {
        buffer.limit(buffer.limit() + length);
    }

    /**
     * Takes everything in {@code engine}'s output queue into this buffer, behind what waits (the hand-off:
     * the client's Finished must leave before the first record of the new record layer).
     */
    public void absorb(Engine engine) {
        for (int available = engine.availableOutput(); available > 0; available = engine.availableOutput()) {
            int at = reserve(available);
            appended(engine.readOutput(buffer.array(), at, available));
        }
    }

    /** Bytes waiting in this buffer for the BIO. */
    public int waiting() {
        return buffer == null ? 0 : buffer.remaining();
    }

    /** Whether ciphertext is waiting here or in the engine. */
    public boolean isEmpty(Engine engine) {
        return (buffer == null || !buffer.hasRemaining()) && (engine == null || engine.availableOutput() == 0);
    }

    /** Gives the buffer back, dropping what it holds. */
    public void release() {
        if (buffer != null) {
            if (!oversized) {
                allocator.release(buffer);
            }
            buffer = null;
            oversized = false;
        }
    }

    public boolean isAllocated() {
        return buffer != null;
    }

    private void refill(Engine engine, int available) {
        if (buffer == null) {
            buffer = allocator.allocate(CAPACITY);
        }
        buffer.clear();
        int count = engine.readOutput(buffer.array(), buffer.arrayOffset(), Math.min(available, buffer.capacity()));
        buffer.limit(count);
    }

    /**
     * Gives the buffer and the engine's output queue back if both are empty and the mode asks for
     * it. Called when a public call returns, not inside the flush loop: a write of many records
     * would otherwise give back and take again a buffer (and Bouncy Castle a 32 KiB queue) per record.
     */
    public void releaseIfEmpty(Engine engine) {
        if (releaseWhenEmpty && isEmpty(engine)) {
            release();
            engine.releaseOutputQueue();
        }
    }
}
