package dev.niotls.tls.interop;

import dev.niotls.tls.testing.ChildProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Feeds the {@link TextStream} of a seed into an openssl process's stdin (which sends it over TLS to
 * the niotls side), on a thread of its own since the pipe blocks, and types commands at given offsets.
 *
 * <p>openssl recognises a command only at the start of a read of stdin and drops the rest of that read
 * (apps/s_server.c {@code i = 0; continue;}, apps/s_client.c {@code cbuf_len = 0}). So before a command
 * the feeder waits until niotls has received every byte written so far (the pipe is empty), and after
 * it until niotls has seen the command's effect (a renegotiation or KeyUpdate counted), before writing
 * more data.
 */
final class StdinFeeder {
    private final ChildProcess process;
    private final long seed;
    private final long total;
    private final Progress progress;
    private final long deadlineNanos;
    private final List<Command> commands = new ArrayList<>();
    private Thread thread;
    private volatile Throwable failure;

    /** A command, and what shows it was taken: a new line on stderr, or an effect niotls saw. */
    private record Command(long offset, String letter, String stderrLine, Predicate<Progress> effect, String what) {
    }

    StdinFeeder(ChildProcess process, long seed, long total, Progress progress, long deadlineNanos) {
        this.process = process;
        this.seed = seed;
        this.total = total;
        this.progress = progress;
        this.deadlineNanos = deadlineNanos;
    }

    /** Types {@code letter} once {@code offset} characters are sent and received, then waits for {@code effect}. */
    StdinFeeder command(long offset, String letter, Predicate<Progress> effect, String what) {
        return add(new Command(offset, letter, null, effect, what));
    }

    /**
     * Types {@code letter} once {@code offset} characters are sent and received, then waits until
     * {@code stderrLine} appears once more on the process's stderr: s_client's "RENEGOTIATING" and
     * "KEYUPDATE", s_server's {@code -state} lines such as "write hello request". For a blocking niotls
     * reader, whose counters cannot be seen until its read returns data.
     */
    StdinFeeder command(long offset, String letter, String stderrLine) {
        return add(new Command(offset, letter, stderrLine, null, "\"" + stderrLine + "\" on stderr"));
    }

    private StdinFeeder add(Command command) {
        if (command.offset() > total) {
            throw new IllegalArgumentException("command offset " + command.offset() + " beyond the stream's " + total);
        }
        commands.add(command);
        return this;
    }

    StdinFeeder start() {
        thread = new Thread(this::feed, "stdin-feeder");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    private void feed() {
        try {
            long offset = 0;
            int next = 0;
            while (offset < total || next < commands.size()) {
                if (next < commands.size() && commands.get(next).offset() <= offset) {
                    Command command = commands.get(next++);
                    long sent = offset;
                    progress.await(p -> p.received() >= sent, deadlineNanos, "niotls to receive " + sent + " bytes");
                    int seen = command.stderrLine() == null ? 0 : process.stderr().count(command.stderrLine());
                    process.command(command.letter());
                    if (command.stderrLine() == null) {
                        progress.await(command.effect(), deadlineNanos, command.what());
                    } else if (!process.stderr().awaitCondition(
                            () -> process.stderr().count(command.stderrLine()) > seen, deadlineNanos)) {
                        throw new AssertionError("no " + command.what() + " after " + command.letter() + "\n"
                                + process.describe());
                    }
                    continue;
                }
                long end = next < commands.size() ? Math.min(total, commands.get(next).offset()) : total;
                int length = (int) Math.min(16384, end - offset);
                process.write(TextStream.chunk(seed, offset, length));
                offset += length;
            }
        } catch (Throwable e) {
            failure = e;
        }
    }

    /** Waits for the feeder to finish and rethrows what went wrong in it. */
    void join() throws InterruptedException {
        thread.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
        if (failure != null) {
            throw new AssertionError("stdin feeder failed", failure);
        }
        if (thread.isAlive()) {
            throw new AssertionError("stdin feeder still running at the deadline");
        }
    }

    /** Stops the feeder if it still runs (the process is destroyed by then, so its writes fail). */
    void stop() {
        if (thread != null) {
            thread.interrupt();
        }
    }
}
