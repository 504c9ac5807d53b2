package dev.niotls.tls.engine;

import dev.niotls.tls.BufferAllocator;
import dev.niotls.tls.bio.Bio;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Ciphertext on its way from Bouncy Castle's output queue to the BIO. Whatever the BIO does not
 * take stays here, in order, until the next flush; nothing is ever re-encrypted.
 */
public final class OutboundRecords {
    private static final int CAPACITY = InboundRecords.CAPACITY;

    private final BufferAllocator allocator;
    private final boolean releaseWhenEmpty;
    /** Read mode: position..limit is ciphertext not yet taken by the BIO. */
    private ByteBuffer buffer;

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

    /** Whether ciphertext is waiting here or in the engine. */
    public boolean isEmpty(Engine engine) {
        return (buffer == null || !buffer.hasRemaining()) && (engine == null || engine.availableOutput() == 0);
    }

    /** Gives the buffer back, dropping what it holds. */
    public void release() {
        if (buffer != null) {
            allocator.release(buffer);
            buffer = null;
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
