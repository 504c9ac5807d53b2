package dev.niotls.tls.bio;

import java.nio.ByteBuffer;

/**
 * A fixed-capacity circular byte buffer with one writer and one reader: one direction of a
 * {@link BioPair} (OpenSSL's {@code struct bio_bio_st} buffer). Allocation-free after construction.
 * Not thread-safe.
 */
final class ByteRing {
    private final byte[] data;
    private int head;
    private int size;
    /** The writer will write no more: the reader gets end of stream once the ring is empty. */
    private boolean writerClosed;
    /** The reader is gone: further writes are a broken pipe. */
    private boolean readerClosed;

    ByteRing(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.data = new byte[capacity];
    }

    int capacity() {
        return data.length;
    }

    int size() {
        return size;
    }

    int free() {
        return data.length - size;
    }

    /** Copies as many bytes from {@code src} as fit; returns the count (0 when full). */
    int put(ByteBuffer src) {
        int count = Math.min(src.remaining(), free());
        int tail = (head + size) % data.length;
        int first = Math.min(count, data.length - tail);
        src.get(data, tail, first);
        // The free space wraps around the end of the array: the rest goes to its start.
        src.get(data, 0, count - first);
        size += count;
        return count;
    }

    /** Copies as many buffered bytes to {@code dst} as fit; returns the count (0 when empty). */
    int take(ByteBuffer dst) {
        int count = Math.min(dst.remaining(), size);
        int first = Math.min(count, data.length - head);
        dst.put(data, head, first);
        dst.put(data, 0, count - first);
        head = (head + count) % data.length;
        size -= count;
        if (size == 0) {
            head = 0; // keeps the next write contiguous
        }
        return count;
    }

    void closeWriter() {
        writerClosed = true;
    }

    boolean isWriterClosed() {
        return writerClosed;
    }

    void closeReader() {
        readerClosed = true;
        size = 0;
    }

    boolean isReaderClosed() {
        return readerClosed;
    }
}
