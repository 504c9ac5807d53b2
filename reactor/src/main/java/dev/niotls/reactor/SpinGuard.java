package dev.niotls.reactor;

/**
 * Counts blocking selects that returned early with nothing to do and nobody having woken them.
 *
 * <p>The Linux epoll selector of old JDKs could return 0 keys forever in a tight loop (JDK-6670302,
 * JDK-6403933: a connection reset leaves a key with an event that select() reports and clears
 * nothing for), eating a core. Current JDKs fix the known causes, but a loop that must never spin
 * still detects it: after {@code threshold} premature wakeups in a row the loop moves every
 * registration to a fresh selector (Netty's {@code rebuildSelector}, Jetty's spin counter).
 */
final class SpinGuard {
    private final int threshold;
    private int inARow;

    SpinGuard(int threshold) {
        this.threshold = threshold;
    }

    /**
     * @param premature the select returned 0 keys, early, unwoken
     * @return {@code true} when the selector must be rebuilt now
     */
    boolean afterBlockingSelect(boolean premature) {
        if (!premature) {
            inARow = 0;
            return false;
        }
        if (++inARow < threshold) {
            return false;
        }
        inARow = 0;
        return true;
    }
}
