package dev.niotls.tls.interop;

import dev.niotls.tls.TlsConnection;
import java.util.function.Predicate;

/**
 * What the niotls side of a test has seen so far (bytes received, renegotiations, KeyUpdates),
 * published by the thread that owns the {@link TlsConnection} (which is not thread-safe) for the
 * threads that feed an openssl process: they wait on it before typing the next command.
 */
final class Progress {
    private long received;
    private int renegotiations;
    private int keyUpdatesReceived;

    /** Called by the connection's owner after each step. */
    synchronized void publish(long receivedBytes, TlsConnection connection) {
        if (receivedBytes != received || connection.renegotiations() != renegotiations
                || connection.keyUpdatesReceived() != keyUpdatesReceived) {
            received = receivedBytes;
            renegotiations = connection.renegotiations();
            keyUpdatesReceived = connection.keyUpdatesReceived();
            notifyAll();
        }
    }

    synchronized long received() {
        return received;
    }

    synchronized int renegotiations() {
        return renegotiations;
    }

    synchronized int keyUpdatesReceived() {
        return keyUpdatesReceived;
    }

    /** Waits until {@code condition} holds; fails with {@code what} at the deadline. */
    synchronized void await(Predicate<Progress> condition, long deadlineNanos, String what) {
        while (!condition.test(this)) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + ": " + this);
            }
            try {
                wait(Math.max(1, Math.min(100, left / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public synchronized String toString() {
        return "received " + received + ", renegotiations " + renegotiations + ", KeyUpdates received "
                + keyUpdatesReceived;
    }
}
