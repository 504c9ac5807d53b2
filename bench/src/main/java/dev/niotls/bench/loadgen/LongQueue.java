package dev.niotls.bench.loadgen;

import java.util.Arrays;

/** A FIFO of longs (intended start times) that grows by doubling: no boxing on the sender's hot path. */
final class LongQueue {
    private long[] items = new long[8];
    private int head;
    private int size;

    void add(long value) {
        if (size == items.length) {
            long[] grown = new long[items.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = items[(head + i) % items.length];
            }
            items = grown;
            head = 0;
        }
        items[(head + size++) % items.length] = value;
    }

    long poll() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        long value = items[head];
        head = (head + 1) % items.length;
        size--;
        return value;
    }

    int size() {
        return size;
    }

    /** Removes and returns everything, oldest first. */
    long[] drain() {
        long[] all = new long[size];
        for (int i = 0; i < all.length; i++) {
            all[i] = poll();
        }
        Arrays.fill(items, 0);
        return all;
    }
}
