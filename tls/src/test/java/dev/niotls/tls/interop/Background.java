package dev.niotls.tls.interop;

/**
 * A peer's script run on a thread of its own (the JDK's blocking SSLSocket, say), while the test thread
 * drives niotls; {@link #join(long)} waits with a deadline and rethrows what went wrong there.
 */
final class Background {
    /** A step that may throw anything. */
    interface Script {
        void run() throws Exception;
    }

    private final Thread thread;
    private volatile Throwable failure;

    private Background(String name, Script script) {
        thread = new Thread(() -> {
            try {
                script.run();
            } catch (Throwable e) {
                failure = e;
            }
        }, name);
        thread.setDaemon(true);
    }

    static Background start(String name, Script script) {
        Background background = new Background(name, script);
        background.thread.start();
        return background;
    }

    /** Waits for the script to finish and rethrows its failure. */
    void join(long deadlineNanos) throws InterruptedException {
        thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        if (failure != null) {
            throw new AssertionError(thread.getName() + " failed", failure);
        }
        if (thread.isAlive()) {
            throw new AssertionError(thread.getName() + " still running at the deadline");
        }
    }

    /** Interrupts the script if it still runs (cleanup; its socket is closed too). */
    void stop() {
        thread.interrupt();
    }

    Throwable failure() {
        return failure;
    }
}
