package dev.niotls.bench.jmh;

import dev.niotls.reactor.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The reactor's cross-thread task hand-off ({@code EventLoop.execute} from a foreign thread), next to
 * Netty's single-threaded NIO loop doing the same: {@code roundTrip} submits one task and waits until it
 * has run (the loop is usually asleep in {@code select()}, so this includes the {@code Selector.wakeup()});
 * {@code burst} submits {@value #BURST} tasks and waits for the last (the queue's throughput, wake-ups
 * coalesced). Scores are tasks/s.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class HandOffBenchmark {
    static final int BURST = 1000;
    /** A hand-off that takes this long means the loop is stuck: fail rather than spin forever. */
    private static final long STUCK_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Param({"niotls", "netty"})
    public String loop;

    private AutoCloseable group;
    private Executor executor;
    private final AtomicLong completed = new AtomicLong();
    private final Runnable task = completed::incrementAndGet;
    private long submitted;

    @Setup(Level.Trial)
    public void setUp() {
        if (loop.equals("niotls")) {
            EventLoopGroup niotls = new EventLoopGroup(1);
            group = niotls;
            executor = niotls.loop(0);
        } else {
            MultiThreadIoEventLoopGroup netty = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            group = netty::shutdownGracefully;
            executor = netty.next();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        group.close();
    }

    @Benchmark
    public long roundTrip() {
        executor.execute(task);
        return awaitCompleted(++submitted);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long burst() {
        for (int i = 0; i < BURST; i++) {
            executor.execute(task);
        }
        submitted += BURST;
        return awaitCompleted(submitted);
    }

    private long awaitCompleted(long target) {
        long start = System.nanoTime();
        long done;
        while ((done = completed.get()) < target) {
            Thread.onSpinWait();
            if (System.nanoTime() - start > STUCK_NANOS) {
                throw new IllegalStateException(loop + " loop ran " + done + " of " + target + " tasks in 10 s");
            }
        }
        return done;
    }
}
