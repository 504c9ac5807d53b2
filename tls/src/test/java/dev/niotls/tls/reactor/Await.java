package dev.niotls.tls.reactor;

import dev.niotls.reactor.EventLoop;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on conditions with a bounded deadline (never a bare sleep), and reading loop-owned state. */
final class Await {
    private Await() {}

    /** Polls {@code condition} every millisecond until it holds; fails after {@code max}. */
    static void until(String what, BooleanSupplier condition, Duration max) {
        until(what, condition, max, () -> "");
    }

    static void until(String what, BooleanSupplier condition, Duration max, Supplier<String> detail) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + max + " waiting for " + what + " " + detail.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Runs {@code task} on {@code loop}'s thread and returns its result. */
    static <T> T onLoop(EventLoop loop, Callable<T> task) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }
}
