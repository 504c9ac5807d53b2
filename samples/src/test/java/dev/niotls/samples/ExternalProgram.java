package dev.niotls.samples;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A program started by a test (openssl, gnutls-cli, curl, wrk): its stdin stays open as a pipe (the
 * {@code exec 3>fifo} of a shell script) and takes data and command lines; stdout and stderr go to
 * files, polled with a deadline and hashed.
 */
final class ExternalProgram implements AutoCloseable {
    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final Path stdout;
    private final Path stderr;

    private ExternalProgram(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** Starts {@code command}, its output in files of {@code directory}. */
    static ExternalProgram start(Path directory, String... command) throws IOException {
        String name = Path.of(command[0]).getFileName().toString();
        Path stdout = Files.createTempFile(directory, name + "-", ".out");
        Path stderr = Files.createTempFile(directory, name + "-", ".err");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new ExternalProgram(String.join(" ", command), process, stdout, stderr);
    }

    /** Runs {@code command} to its end (at most {@code limit}) with stdin closed; returns the program. */
    static ExternalProgram run(Path directory, Duration limit, String... command) throws IOException {
        ExternalProgram program = start(directory, command);
        program.closeStdin();
        program.awaitExit(limit);
        return program;
    }

    /** Writes bytes to the program's stdin (blocks while the pipe is full). */
    void write(byte[] bytes) throws IOException {
        stdin.write(bytes);
        stdin.flush();
    }

    /** Writes one command line (for s_client: R, K, k, Q; for s_server: r, R, k, K). */
    void line(String text) throws IOException {
        write((text + "\n").getBytes(StandardCharsets.US_ASCII));
    }

    void closeStdin() throws IOException {
        stdin.close();
    }

    long stdoutSize() {
        try {
            return Files.size(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path stdoutFile() {
        return stdout;
    }

    String stdoutText() {
        return read(stdout);
    }

    String stderrText() {
        return read(stderr);
    }

    /** Waits until stderr or stdout contains {@code text}. */
    void awaitOutput(String text, Duration limit) {
        awaitOutput(text, 1, limit);
    }

    /** Waits until stderr and stdout together contain {@code text} {@code times} times. */
    void awaitOutput(String text, int times, Duration limit) {
        Poll.until(limit, () -> printed(text) >= times || !process.isAlive(),
                () -> name + " did not print '" + text + "' " + times + " times; " + describe());
        if (printed(text) < times) {
            throw new AssertionError(name + " exited without printing '" + text + "' " + times + " times; " + describe());
        }
    }

    private int printed(String text) {
        return count(stderrText(), text) + count(stdoutText(), text);
    }

    private static int count(String output, String text) {
        int times = 0;
        for (int at = output.indexOf(text); at >= 0; at = output.indexOf(text, at + text.length())) {
            times++;
        }
        return times;
    }

    /** Waits until stdout holds {@code bytes} bytes (or fails early if the program ended). */
    void awaitStdoutSize(long bytes, Duration limit) {
        Poll.until(limit, () -> stdoutSize() >= bytes || !process.isAlive(),
                () -> name + ": stdout has " + stdoutSize() + " of " + bytes + " bytes; " + describe());
        if (stdoutSize() < bytes) {
            throw new AssertionError(name + " exited with stdout at " + stdoutSize() + " of " + bytes + " bytes; "
                    + describe());
        }
    }

    /** Waits for the program's end and returns its exit status. */
    int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still runs after " + limit + "; " + describe());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The command and the tail of its outputs, for assertion messages. */
    String describe() {
        return "[" + name + "] stderr: " + tail(stderrText()) + " | stdout: " + tail(stdoutText());
    }

    private static String tail(String text) {
        return text.length() <= 1500 ? text : "..." + text.substring(text.length() - 1500);
    }

    private static String read(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the program if it still runs (the test that started it is over). */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException ignored) {
            // the program already ended
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
