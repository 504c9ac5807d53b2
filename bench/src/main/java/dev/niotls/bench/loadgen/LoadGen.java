package dev.niotls.bench.loadgen;

import dev.niotls.bench.common.Args;
import dev.niotls.bench.common.TlsProfile;
import dev.niotls.bench.niotls.SelectorLoop;
import dev.niotls.tls.TlsContext;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The niotls load generator: N TLS connections (TlsConnection over non-blocking SocketBio, on one
 * {@link SelectorLoop}) driven at an open-loop constant request rate, latency recorded from each request's
 * intended start in HdrHistogram (coordinated-omission corrected). Modes: {@code echo} ({@code --size}
 * bytes echoed), {@code http} (GET, keep-alive), {@code idle} (connect, handshake, hold the connections
 * {@code --hold} seconds: the clients of the idle-memory scenario). With {@code --active M} only the first M
 * of the connections send (the connections scenario: many open, some busy). {@code --help} lists the options.
 * Prints a progress line a second (stderr) and a {@code RESULT} line (stdout) with throughput and
 * p50/p90/p99/p99.9/max in microseconds. Exit status: 0 done, 1 the run failed, 2 bad arguments.
 */
public final class LoadGen {
    /** Handshakes in progress at once while connecting: keeps the server's accept backlog from overflowing. */
    private static final int CONNECTS_IN_FLIGHT = 100;
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Args args;
    private final String mode;
    private final LoadStats stats = new LoadStats();
    private final ClientConnection[] connections;
    private final SelectorLoop loop;
    private final InetSocketAddress target;

    static final String USAGE = String.join("\n",
            "Usage: java -cp bench/target/benchmarks.jar dev.niotls.bench.loadgen.LoadGen [OPTIONS]",
            "",
            "  --mode echo|http|idle     echo --size bytes, GET / keep-alive, or connect and hold (default echo)",
            "  --host HOST --port PORT   the server (default 127.0.0.1:8443)",
            "  --connections N           connections opened before the load starts (default 100)",
            "  --active M                only the first M connections send requests (default: all)",
            "  --rate R                  requests per second, all connections together, open loop (default 1000)",
            "  --warmup S --duration S   seconds of unrecorded warm-up, then of measurement (default 2 and 10)",
            "  --size BYTES              echo message size (default 64)",
            "  --tls 1.2|1.3             protocol; the suite and group are the bench's profile (default 1.3)",
            "  --cacert FILE             the server's certificate PEM (required unless --plain)",
            "  --servername NAME         SNI and name to verify (default localhost)",
            "  --crypto jdk|bc|hybrid    the client's crypto backend (default hybrid)",
            "  --plain                   plain TCP, no TLS",
            "  --hgrm FILE               write the latency histogram (microseconds)",
            "  --hold S                  seconds to hold the connections open (idle mode: default 60; others: after",
            "                            the load and its RESULT line, printing HOLDING first)",
            "  --connect-timeout S       seconds to open every connection (default 120)",
            "  --help                    this text",
            "");
    private static final List<String> OPTIONS = List.of("mode", "host", "port", "connections", "active", "rate",
            "warmup", "duration", "size", "tls", "cacert", "servername", "crypto", "plain", "hgrm", "hold",
            "connect-timeout", "help");

    private final int active;

    private LoadGen(Args args) {
        this.args = args;
        this.mode = args.get("mode", "echo");
        if (!List.of("echo", "http", "idle").contains(mode)) {
            throw new IllegalArgumentException("--mode must be echo, http or idle, not '" + mode + "'");
        }
        int count = args.getInt("connections", 100);
        this.active = args.getInt("active", count);
        if (count < 1 || active < 1 || active > count) {
            throw new IllegalArgumentException("--connections must be at least 1 and --active 1.." + count);
        }
        if (args.getDouble("rate", 1000) <= 0 || args.getInt("size", 64) < 1 || args.getLong("duration", 10) < 1
                || args.getLong("warmup", 2) < 0) {
            throw new IllegalArgumentException("--rate, --size and --duration must be positive, --warmup at least 0");
        }
        if (!args.has("plain") && !Files.isReadable(args.path("cacert"))) {
            throw new IllegalArgumentException("--cacert: cannot read " + args.require("cacert"));
        }
        this.connections = new ClientConnection[count];
        this.target = new InetSocketAddress(args.get("host", "127.0.0.1"), args.getInt("port", 8443));
        this.loop = new SelectorLoop(args.has("plain") ? null : clientContext(args));
    }

    public static void main(String[] argv) throws IOException {
        System.exit(run(argv));
    }

    /** The command line's exit status: 0 done (or --help), 1 the run failed, 2 a bad argument (one line on stderr). */
    static int run(String... argv) throws IOException {
        LoadGen gen;
        try {
            Args args = new Args(argv);
            if (args.has("help") || List.of(argv).contains("-h")) {
                System.out.print(USAGE);
                return 0;
            }
            gen = new LoadGen(args.only(OPTIONS));
        } catch (IllegalArgumentException e) {
            System.err.println("loadgen: " + e.getMessage() + " (try --help)");
            return 2;
        }
        return gen.run();
    }

    /** {@code --crypto jdk|bc|hybrid}. */
    static TlsContext.CryptoBackend crypto(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "jdk":
                return TlsContext.CryptoBackend.JDK;
            case "bc":
                return TlsContext.CryptoBackend.BOUNCY_CASTLE;
            case "hybrid":
                return TlsContext.CryptoBackend.HYBRID;
            default:
                throw new IllegalArgumentException("--crypto must be jdk, bc or hybrid, not '" + name + "'");
        }
    }

    private static TlsContext clientContext(Args args) {
        TlsProfile profile = args.profile();
        return TlsContext.client()
                .trustPem(args.path("cacert"))
                .serverName(args.get("servername", "localhost"))
                .protocols(profile.protocol())
                .cipherSuites(profile.cipherSuite())
                .namedGroups(TlsProfile.GROUP)
                .cryptoBackend(crypto(args.get("crypto", "hybrid")))
                .build();
    }

    private int run() throws IOException {
        System.out.printf("loadgen: mode=%s target=%s connections=%d active=%d%n", mode, target, connections.length, active);
        if (!connectAll(args.getLong("connect-timeout", 120))) {
            System.out.printf("RESULT mode=%s failed=connect opened=%d errors=%d first_error=\"%s\"%n",
                    mode, stats.openedCount, stats.errors, stats.firstError);
            return 1;
        }
        System.out.printf("connected: %d connections, %s%n", stats.openedCount, stats.negotiated);
        if (mode.equals("idle")) {
            return hold();
        }
        runLoad();
        printResult();
        if (args.has("hold")) {
            // The connections scenario measures the server's heap and RSS with every connection still open.
            System.out.printf("HOLDING connections=%d for %d s%n", stats.openedCount - stats.errors, args.getLong("hold", 60));
            System.out.flush();
            loop.run(System.nanoTime() + args.getLong("hold", 60) * SECOND, () -> false, null);
        }
        loop.close();
        return 0;
    }

    private ByteBuffer request() {
        if (mode.equals("http")) {
            return ByteBuffer.wrap(("GET / HTTP/1.1\r\nHost: " + args.get("servername", "localhost") + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        }
        byte[] payload = new byte[args.getInt("size", 64)];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        return ByteBuffer.wrap(payload).asReadOnlyBuffer();
    }

    private ResponseCounter counter() {
        return mode.equals("http") ? ResponseCounter.http() : ResponseCounter.echo(args.getInt("size", 64));
    }

    /** Opens every connection, at most {@value #CONNECTS_IN_FLIGHT} handshakes at a time. */
    private boolean connectAll(long timeoutSeconds) throws IOException {
        ByteBuffer request = request();
        int[] started = {0};
        long deadline = System.nanoTime() + timeoutSeconds * SECOND;
        long[] nextProgress = {System.nanoTime() + SECOND};
        loop.run(deadline, () -> stats.openedCount + stats.errors >= connections.length, now -> {
            while (started[0] < connections.length && started[0] - stats.openedCount - stats.errors < CONNECTS_IN_FLIGHT) {
                ClientConnection connection = new ClientConnection(stats, request, counter());
                connections[started[0]++] = connection;
                try {
                    loop.connect(target, connection);
                } catch (IOException e) {
                    stats.closed("connect: " + e);
                }
            }
            if (now >= nextProgress[0]) {
                nextProgress[0] += SECOND;
                System.err.printf("connecting: %d/%d open, %d failed%n", stats.openedCount, connections.length, stats.errors);
            }
            return started[0] < connections.length ? 0 : SECOND;
        });
        return stats.openedCount == connections.length;
    }

    private int hold() throws IOException {
        System.out.printf("IDLE_READY connections=%d%n", stats.openedCount);
        System.out.flush();
        long end = System.nanoTime() + args.getLong("hold", 60) * SECOND;
        loop.run(end, () -> false, null);
        System.out.printf("RESULT mode=idle connections=%d closed_early=%d%n", stats.openedCount, stats.errors);
        return stats.errors == 0 ? 0 : 1;
    }

    private void runLoad() throws IOException {
        double rate = args.getDouble("rate", 1000);
        long warmup = args.getLong("warmup", 2) * SECOND;
        long duration = args.getLong("duration", 10) * SECOND;
        long start = System.nanoTime() + SECOND / 10;
        RateSchedule schedule = new RateSchedule(start, rate, warmup + duration);
        stats.recordFromNanos = start + warmup;
        Progress progress = new Progress(stats, start, System.err);
        long[] next = {0};
        loop.run(start + warmup + duration + SECOND, () -> next[0] >= schedule.total(), now -> {
            long due = schedule.dueCount(now);
            for (; next[0] < due; next[0]++) {
                connections[(int) (next[0] % active)].assign(schedule.intendedStart(next[0]));
            }
            progress.maybePrint(now);
            return next[0] < schedule.total() ? schedule.nanosUntil(next[0], now) : SECOND;
        });
        // Let what is in flight finish, for at most two seconds, then charge the rest as incomplete.
        long drainEnd = System.nanoTime() + 2 * SECOND;
        loop.run(drainEnd, this::allDone, now -> {
            progress.maybePrint(now);
            return SECOND / 10;
        });
        long now = System.nanoTime();
        for (ClientConnection connection : connections) {
            connection.chargeIncomplete(now);
        }
    }

    private boolean allDone() {
        for (ClientConnection connection : connections) {
            if (connection.outstanding() > 0 && !connection.isClosed()) {
                return false;
            }
        }
        return true;
    }

    private void printResult() throws IOException {
        // Requests meant to start in the measured window and answered, per second of that window.
        double seconds = args.getLong("duration", 10);
        double achieved = stats.recordedCount / seconds;
        System.out.printf(Locale.ROOT, "RESULT mode=%s connections=%d active=%d rate=%s achieved=%.1f recorded=%d incomplete=%d"
                        + " errors=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f tls=\"%s\"%n",
                mode, connections.length, active, args.get("rate", "1000"), achieved, stats.recordedCount,
                stats.incompleteCount, stats.errors, micros(50), micros(90), micros(99), micros(99.9),
                stats.total.getMaxValue() / 1000.0, stats.negotiated);
        if (stats.firstError != null) {
            System.out.println("first error: " + stats.firstError);
        }
        if (args.has("hgrm")) {
            Path file = Path.of(args.require("hgrm"));
            try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
                stats.total.outputPercentileDistribution(out, 1000.0);
            }
            System.out.println("histogram (microseconds): " + file);
        }
    }

    private double micros(double percentile) {
        return stats.total.getValueAtPercentile(percentile) / 1000.0;
    }
}
