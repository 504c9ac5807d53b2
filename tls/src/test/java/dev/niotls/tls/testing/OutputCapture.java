package dev.niotls.tls.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Collects everything a child process writes on one of its output streams, in memory, on a thread of
 * its own, and lets a test wait (with a bounded deadline) for a text to appear. Holds a few MiB at most:
 * the interop tests move a few MiB.
 */
public final class OutputCapture {
    private final Thread reader;
    private byte[] bytes = new byte[8192];
    private int length;
    private boolean ended;

    public OutputCapture(InputStream stream, String name) {
        reader = new Thread(() -> copy(stream), name);
        reader.setDaemon(true);
        reader.start();
    }

    private void copy(InputStream stream) {
        byte[] chunk = new byte[16384];
        try (stream) {
            int count;
            while ((count = stream.read(chunk)) > 0) {
                append(chunk, count);
            }
        } catch (IOException e) {
            // The process was destroyed: what was captured so far is all there is.
        } finally {
            synchronized (this) {
                ended = true;
                notifyAll();
            }
        }
    }

    private synchronized void append(byte[] chunk, int count) {
        if (length + count > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + count));
        }
        System.arraycopy(chunk, 0, bytes, length, count);
        length += count;
        notifyAll();
    }

    /** A copy of everything captured so far. */
    public synchronized byte[] bytes() {
        return Arrays.copyOf(bytes, length);
    }

    /** Everything captured so far, as ISO-8859-1 text (one char per byte, binary data stays harmless). */
    public String text() {
        return new String(bytes(), StandardCharsets.ISO_8859_1);
    }

    /** How many times {@code text} occurs in the output so far. */
    public int count(String text) {
        String all = text();
        int count = 0;
        for (int index = all.indexOf(text); index >= 0; index = all.indexOf(text, index + text.length())) {
            count++;
        }
        return count;
    }

    /** Whether the stream has ended (the process closed it or died). */
    public synchronized boolean ended() {
        return ended;
    }

    public synchronized int length() {
        return length;
    }

    /** Waits until the captured text contains {@code text}; false at the deadline or at the end of the stream. */
    public boolean awaitText(String text, long deadlineNanos) {
        return awaitCondition(() -> text().contains(text), deadlineNanos);
    }

    /** Waits until {@code condition} holds, re-checked whenever output arrives (or every 50 ms). */
    public synchronized boolean awaitCondition(BooleanSupplier condition, long deadlineNanos) {
        while (!condition.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || ended) {
                return condition.getAsBoolean();
            }
            try {
                wait(Math.max(1, Math.min(50, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Waits for the end of the stream (the process closed it or died); bounded. */
    public void awaitEnd(long deadlineNanos) throws InterruptedException {
        reader.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
    }

    /** The last {@code max} characters, for failure messages. */
    public String tail(int max) {
        String text = text();
        String tail = text.length() <= max ? text : "..." + text.substring(text.length() - max);
        return tail.replaceAll("[^\\x20-\\x7e\\n]", ".");
    }
}
