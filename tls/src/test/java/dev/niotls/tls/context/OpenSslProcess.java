package dev.niotls.tls.context;

import dev.niotls.tls.testing.Loopback;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code openssl s_client} / {@code s_server} as the peer of context tests. */
final class OpenSslProcess implements AutoCloseable {
    static final String OPENSSL = "/usr/bin/openssl";
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+)");

    private final Process process;
    private final CompletableFuture<byte[]> stdout;
    private final CompletableFuture<String> stderr;

    private OpenSslProcess(Process process, boolean readStdout) {
        this.process = process;
        this.stdout = readStdout ? CompletableFuture.supplyAsync(() -> readAll(process)) : null;
        this.stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
    }

    private static byte[] readAll(Process process) {
        try {
            return process.getInputStream().readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Starts {@code openssl args...}, writes {@code input} to its stdin (kept open if {@code keepStdin}). */
    static OpenSslProcess client(List<String> args, byte[] input, boolean keepStdin) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL);
        command.addAll(args);
        Process process = new ProcessBuilder(command).start();
        OpenSslProcess result = new OpenSslProcess(process, true);
        OutputStream stdin = process.getOutputStream();
        CompletableFuture.runAsync(() -> {
            try {
                stdin.write(input);
                stdin.flush();
                if (!keepStdin) {
                    stdin.close();
                }
            } catch (IOException e) {
                // the process died early; its exit status and stderr tell why
            }
        });
        return result;
    }

    /** Starts {@code openssl s_server ...} and waits for its "ACCEPT host:port" line. */
    static OpenSslProcess server(List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(OPENSSL);
        command.addAll(args);
        Process process = new ProcessBuilder(command).start();
        OpenSslProcess result = new OpenSslProcess(process, false);
        return result;
    }

    /** The port from s_server's "ACCEPT" line (it prints it before accepting). */
    int acceptedPort() throws IOException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            Matcher matcher = ACCEPT.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IOException("s_server ended without ACCEPT: " + stderr.join());
    }

    /** Waits for the exit and returns stdout. */
    byte[] output() throws Exception {
        if (!process.waitFor(Loopback.TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("openssl did not exit; stderr: " + errors());
        }
        return stdout.get(Loopback.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    String text() throws Exception {
        return new String(output(), StandardCharsets.UTF_8);
    }

    String errors() throws Exception {
        return stderr.get(Loopback.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    int exitCode() throws Exception {
        process.waitFor(Loopback.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
        }
    }
}
