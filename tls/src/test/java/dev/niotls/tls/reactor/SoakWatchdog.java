package dev.niotls.tls.reactor;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Closes the socket of a blocking churn session that takes longer than its bound, so that a server
 * that stops answering fails the session (blocking {@code SocketChannel} reads ignore
 * {@code SO_TIMEOUT}; closing the channel from another thread is what wakes them).
 */
final class SoakWatchdog implements Runnable {
    private final long boundNanos;
    private final Map<SocketChannel, Long> deadlines = new ConcurrentHashMap<>();
    private final Set<SocketChannel> expired = ConcurrentHashMap.newKeySet();
    private volatile boolean stopped;

    SoakWatchdog(Duration bound) {
        this.boundNanos = bound.toNanos();
    }

    void watch(SocketChannel socket) {
        deadlines.put(socket, System.nanoTime() + boundNanos);
    }

    void release(SocketChannel socket) {
        deadlines.remove(socket);
        expired.remove(socket);
    }

    /** @return whether the watchdog closed {@code socket} */
    boolean expired(SocketChannel socket) {
        return expired.contains(socket);
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            long now = System.nanoTime();
            for (Map.Entry<SocketChannel, Long> entry : deadlines.entrySet()) {
                if (now - entry.getValue() > 0 && deadlines.remove(entry.getKey()) != null) {
                    expired.add(entry.getKey());
                    try {
                        entry.getKey().close();
                    } catch (IOException ignored) {
                        // Closing is all that matters; the session reports the failure.
                    }
                }
            }
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException interrupted) {
                return;
            }
        }
    }
}
