package dev.niotls.tls.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program started by a test: an {@code openssl s_server} or {@code s_client} in its interactive mode,
 * or a JDK peer in a JVM of its own. Its stdin stays open and takes one command per line ({@code R}/{@code r} renegotiate, {@code k}/{@code K} key
 * update, {@code Q} quit) or data to send; stdout and stderr are captured and polled with a deadline.
 * {@code -quiet}, {@code -brief}, {@code -ign_eof} and {@code -nocommands} would disable the commands.
 *
 * <p>A command is recognised only when a read of stdin starts with it, so a test sends one only after
 * the data written before it has left the process (the niotls side has received it).
 */
public final class ChildProcess implements AutoCloseable {
    public static final String OPENSSL = "/usr/bin/openssl";
    /** The line {@code s_server -accept host:0} prints once it listens. */
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final OutputCapture stdout;
    private final OutputCapture stderr;

    private ChildProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = new OutputCapture(process.getInputStream(), name + "-stdout");
        this.stderr = new OutputCapture(process.getErrorStream(), name + "-stderr");
    }

    /** Starts {@code openssl <arguments>}. */
    public static ChildProcess openssl(String name, List<String> arguments) throws IOException {
        return openssl(name, Path.of("."), arguments);
    }

    /** Starts {@code openssl <arguments>} in {@code directory} (relative file names resolve there). */
    public static ChildProcess openssl(String name, Path directory, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL);
        command.addAll(arguments);
        return new ChildProcess(name, new ProcessBuilder(command).directory(directory.toFile()).start());
    }

    /** Starts {@code openssl <arguments>} and {@link #feed feeds} {@code input} to it. */
    public static ChildProcess openssl(String name, List<String> arguments, byte[] input, boolean keepStdin)
            throws IOException {
        ChildProcess process = openssl(name, arguments);
        process.feed(input, keepStdin);
        return process;
    }

    /** Starts any installed program, {@code command} with its arguments ({@code gnutls-cli ...}). */
    public static ChildProcess program(String name, List<String> command) throws IOException {
        return new ChildProcess(name, new ProcessBuilder(command).start());
    }

    /**
     * Starts {@code command} in {@code directory} (openssl, gnutls-cli, curl, wrk, a JVM of its own), named after
     * the whole command line in failure messages.
     */
    public static ChildProcess start(Path directory, String... command) throws IOException {
        return new ChildProcess(String.join(" ", command),
                new ProcessBuilder(command).directory(directory.toFile()).start());
    }

    /** Runs {@code command} in {@code directory} to its end, at most {@code limit}, with stdin closed. */
    public static ChildProcess run(Path directory, Duration limit, String... command) throws IOException {
        ChildProcess program = start(directory, command);
        program.closeStdin();
        program.awaitExit(limit);
        return program;
    }

    /**
     * Starts {@code mainClass} in a new JVM (this JDK) with the test classes on its class path: for JDK
     * settings read once per JVM, such as the {@code jdk.tls.keyLimits} security property.
     */
    public static ChildProcess java(String name, Class<?> mainClass, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        try {
            command.add(Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the test classes", e);
        }
        command.add(mainClass.getName());
        command.addAll(arguments);
        return new ChildProcess(name, new ProcessBuilder(command).start());
    }

    /** Sends one interactive command line ("R", "r", "k", "K", "Q"). */
    public void command(String letter) throws IOException {
        write((letter + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    /** Writes bytes to the process's stdin (data that it sends over TLS). Blocks while the pipe is full. */
    public void write(byte[] bytes) throws IOException {
        stdin.write(bytes);
        stdin.flush();
    }

    /**
     * Writes {@code input} to stdin on a thread of its own, then closes stdin unless {@code keepOpen}: a child
     * that dies early or stops reading cannot block the test, and its exit status and stderr tell why.
     */
    public void feed(byte[] input, boolean keepOpen) {
        CompletableFuture.runAsync(() -> {
            try {
                write(input);
                if (!keepOpen) {
                    stdin.close();
                }
            } catch (IOException e) {
                // the process died early; its exit status and stderr tell why
            }
        });
    }

    /** Closes stdin: the end of input ({@code s_client} without {@code -ign_eof} then closes the connection). */
    public void closeStdin() throws IOException {
        stdin.close();
    }

    /** The port of {@code s_server -accept 127.0.0.1:0}, from its "ACCEPT" line. */
    public int awaitAcceptPort(long deadlineNanos) {
        awaitStdout("ACCEPT", deadlineNanos);
        Matcher matcher = ACCEPT.matcher(stdout.text());
        if (!matcher.find()) {
            throw new AssertionError(name + ": no port in the ACCEPT line\n" + describe());
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Waits for the process to exit by itself and returns all it printed on stdout (exit status ignored). */
    public OutputCapture stdoutAtExit(long deadlineNanos) throws InterruptedException {
        awaitExit(deadlineNanos);
        return stdout;
    }

    /** Waits for {@code text} on stdout; fails with both outputs when it does not come in time. */
    public void awaitStdout(String text, long deadlineNanos) {
        if (!stdout.awaitText(text, deadlineNanos)) {
            throw new AssertionError(name + ": no \"" + text + "\" on stdout in time\n" + describe());
        }
    }

    /** Waits for {@code text} on stderr; fails with both outputs when it does not come in time. */
    public void awaitStderr(String text, long deadlineNanos) {
        if (!stderr.awaitText(text, deadlineNanos)) {
            throw new AssertionError(name + ": no \"" + text + "\" on stderr in time\n" + describe());
        }
    }

    /** Waits until stdout and stderr together hold {@code text} {@code times} times; fails at the limit or the exit. */
    public void awaitOutput(String text, int times, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (stdout.count(text) + stderr.count(text) < times) {
            if (System.nanoTime() - deadline > 0 || !process.isAlive() && stdout.ended() && stderr.ended()) {
                throw new AssertionError(name + ": '" + text + "' not printed " + times + " times\n" + describe());
            }
            pause(Math.min(deadline, System.nanoTime() + 50_000_000L));
        }
    }

    /** Waits until new output, the exit, or {@code untilNanos}: a bounded look-again interval. */
    private void pause(long untilNanos) {
        OutputCapture open = stdout.ended() ? stderr : stdout;
        if (!open.ended()) {
            open.awaitCondition(() -> false, untilNanos);
            return;
        }
        try {
            process.waitFor(Math.max(1, untilNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + ": interrupted", e);
        }
    }

    /** Waits until stdout or stderr holds {@code text}. */
    public void awaitOutput(String text, Duration limit) {
        awaitOutput(text, 1, limit);
    }

    /** Waits until stdout holds {@code bytes} bytes; fails at the limit or when the process ended short. */
    public void awaitStdoutSize(long bytes, Duration limit) {
        if (!stdout.awaitCondition(() -> stdout.length() >= bytes, System.nanoTime() + limit.toNanos())) {
            throw new AssertionError(name + ": stdout has " + stdout.length() + " of " + bytes + " bytes\n"
                    + describe());
        }
    }

    /** Waits at most {@code limit} for the process to exit by itself; returns its exit code. */
    public int awaitExit(Duration limit) {
        try {
            return awaitExit(System.nanoTime() + limit.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(name + ": interrupted", e);
        }
    }

    /** Waits for the process to exit by itself; returns its exit code. */
    public int awaitExit(long deadlineNanos) throws InterruptedException {
        long left = Math.max(1, deadlineNanos - System.nanoTime());
        if (!process.waitFor(left, TimeUnit.NANOSECONDS)) {
            throw new AssertionError(name + " did not exit in time\n" + describe());
        }
        stdout.awaitEnd(deadlineNanos);
        stderr.awaitEnd(deadlineNanos);
        return process.exitValue();
    }

    public OutputCapture stdout() {
        return stdout;
    }

    public OutputCapture stderr() {
        return stderr;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The tails of both outputs, for failure messages. */
    public String describe() {
        return "--- " + name + " stdout (" + stdout.length() + " bytes):\n" + stdout.tail(1500)
                + "\n--- " + name + " stderr:\n" + stderr.tail(1500);
    }

    /** Kills the process if it still runs (every test calls this in a finally block or @AfterEach). */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // The process is gone already.
        }
        process.destroy();
        try {
            if (!process.waitFor(2, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
