package dev.niotls.tls.reactor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * Where the churn leaves the connections that stall on purpose (half a ClientHello, a whole one and
 * then silence, a peer that writes and never reads): they stay open, untouched by the client, until
 * the server cuts them. Four times a second each is checked without blocking; a connection the
 * server closed counts as ok for its kind, one still open past its deadline as a failure ("the server
 * never cut it").
 */
final class SoakParking implements Runnable {
    /** A stalled connection, checked from the parking thread only. */
    interface Parked {
        /** @return whether the server has closed the connection (end of stream or reset seen) */
        boolean serverClosed();

        void close();

        SoakTally tally();

        long deadlineNanos();

        String describe();
    }

    private final ConcurrentLinkedQueue<Parked> arriving = new ConcurrentLinkedQueue<>();
    private final List<Parked> parked = new ArrayList<>();
    private volatile int size;
    private volatile boolean stopped;

    void park(Parked connection) {
        arriving.add(connection);
    }

    /** @return connections parked and not yet cut or given up (approximate from other threads) */
    int size() {
        return size + arriving.size();
    }

    void stop() {
        stopped = true;
    }

    @Override
    public void run() {
        while (!stopped) {
            for (Parked next = arriving.poll(); next != null; next = arriving.poll()) {
                parked.add(next);
            }
            long now = System.nanoTime();
            for (Iterator<Parked> it = parked.iterator(); it.hasNext(); ) {
                Parked connection = it.next();
                boolean closed;
                try {
                    closed = connection.serverClosed();
                } catch (AssertionError failure) {
                    connection.tally().failed(failure.getMessage() + ": " + connection.describe());
                    connection.close();
                    it.remove();
                    continue;
                }
                if (closed) {
                    connection.tally().ok();
                } else if (now - connection.deadlineNanos() > 0) {
                    connection.tally().failed("the server never cut it: " + connection.describe());
                } else {
                    continue;
                }
                connection.close();
                it.remove();
            }
            size = parked.size();
            try {
                TimeUnit.MILLISECONDS.sleep(250);
            } catch (InterruptedException interrupted) {
                return;
            }
        }
        for (Parked connection : parked) {
            connection.close();
        }
    }

    static void closeQuietly(java.nio.channels.SocketChannel socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Gone already.
        }
    }
}
