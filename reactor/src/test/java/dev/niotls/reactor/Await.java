package dev.niotls.reactor;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waits on conditions with a bounded deadline (tests never sleep to wait for something). */
final class Await {
    static final Duration DEFAULT = Duration.ofSeconds(20);

    private Await() {}

    /** Polls {@code condition} until true; fails the test with {@code what} after {@code max}. */
    static void until(String what, BooleanSupplier condition, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    static void until(String what, BooleanSupplier condition) {
        until(what, condition, DEFAULT);
    }

    /** Runs {@code action} on {@code loop}'s thread and returns its result. */
    static <T> T onLoop(EventLoop loop, Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        return result.get(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
