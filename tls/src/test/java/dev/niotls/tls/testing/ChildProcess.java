package dev.niotls.tls.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
        List<String> command = new ArrayList<>();
        command.add(OPENSSL);
        command.addAll(arguments);
        return new ChildProcess(name, new ProcessBuilder(command).start());
    }

    /** Starts any installed program, {@code command} with its arguments ({@code gnutls-cli ...}). */
    public static ChildProcess program(String name, List<String> command) throws IOException {
        return new ChildProcess(name, new ProcessBuilder(command).start());
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
