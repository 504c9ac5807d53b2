package dev.niotls.reactor;

import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap of {@link TimerHandle}s by (deadline, scheduling order), each
 * timeout knowing its own heap index so cancel removes it in O(log n). Loop thread only.
 */
final class TimerQueue {
    private final EventLoop loop;
    private TimerHandle[] heap = new TimerHandle[64];
    private int size;
    private long nextSequence;

    TimerQueue(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    int size() {
        return size;
    }

    /** Sequence the next timer will get: timers with a smaller one existed before this call. */
    long nextSequence() {
        return nextSequence;
    }

    void add(TimerHandle timeout, long delayNanos) {
        long delay = Math.min(Math.max(0, delayNanos), TimerHandle.MAX_DELAY_NANOS);
        timeout.deadlineNanos = System.nanoTime() + delay;
        timeout.sequence = nextSequence++;
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        timeout.heapIndex = size;
        heap[size++] = timeout;
        siftUp(timeout.heapIndex);
    }

    TimerHandle peek() {
        return size == 0 ? null : heap[0];
    }

    void remove(TimerHandle timeout) {
        int index = timeout.heapIndex;
        TimerHandle last = heap[--size];
        heap[size] = null;
        timeout.heapIndex = -1;
        if (index == size) {
            return;
        }
        heap[index] = last;
        last.heapIndex = index;
        siftDown(index);
        siftUp(last.heapIndex);
    }

    /** @return milliseconds until the first deadline, rounded up, at least 1; 0 when there is none */
    long millisUntilFirst(long nowNanos) {
        if (size == 0) {
            return 0;
        }
        long nanos = heap[0].deadlineNanos - nowNanos;
        return Math.max(1, (nanos + 999_999) / 1_000_000);
    }

    boolean hasDue(long nowNanos) {
        return size > 0 && heap[0].deadlineNanos - nowNanos <= 0;
    }

    private void siftUp(int index) {
        TimerHandle moving = heap[index];
        while (index > 0) {
            int parent = (index - 1) >>> 1;
            if (!moving.firesBefore(heap[parent])) {
                break;
            }
            place(heap[parent], index);
            index = parent;
        }
        place(moving, index);
    }

    private void siftDown(int index) {
        TimerHandle moving = heap[index];
        int half = size >>> 1;
        while (index < half) {
            int child = 2 * index + 1;
            int right = child + 1;
            if (right < size && heap[right].firesBefore(heap[child])) {
                child = right;
            }
            if (!heap[child].firesBefore(moving)) {
                break;
            }
            place(heap[child], index);
            index = child;
        }
        place(moving, index);
    }

    private void place(TimerHandle timeout, int index) {
        heap[index] = timeout;
        timeout.heapIndex = index;
    }
}
