package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoop;
import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.TlsOption;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soak of issue 12: thousands of TLS connections from <b>another process</b> with churn, against the
 * reactor's {@link TlsServer} running an echo handler on two loops, and afterwards nothing left behind.
 *
 * <p>The client process ({@link SoakClients}) holds {@code niotls.soak.connections} long-lived
 * connections (half TLS 1.3, half TLS 1.2; pings every few seconds; renegotiations and KeyUpdates
 * mid-stream on one in 25) and meanwhile runs {@code niotls.soak.seconds} of churn on 16 threads:
 * full and resumed handshakes with requests and clean closes, renegotiations (TLS 1.2, the server
 * allowing the client's) and KeyUpdates (TLS 1.3) mid-stream, resets (SO_LINGER 0), handshakes
 * abandoned or stalled, sessions whose every read and write moves one byte, garbage, plaintext HTTP
 * and peers that never read ({@link Churn}). Every session must end as its kind says, and the
 * server must cut every stalled one by itself. Throughout, a {@link SoakProbe} asks every 100 ms and
 * must be answered within 10 s (a liveness bound, not a speed measure). At the end:
 * <ul>
 *   <li>every open-connection counter is zero (TLS channels, registrations, the listener's count),
 *       and so is every lent buffer ({@link TlsCounters#buffersLent()});</li>
 *   <li>the heap after a full GC is within 5 % of what it was before the measured run (taken after a
 *       short warm-up run of the same mix, which loads and compiles the code and fills the buffer
 *       pools and the server's TLS 1.2 session cache, bounded here to 128 entries);</li>
 *   <li>the loop threads use next to no CPU over 10 idle seconds ({@link ThreadMXBean}; the bound,
 *       half a second for both together, is one only a spinning loop breaks).</li>
 * </ul>
 *
 * <p><b>Sizes.</b> CI ({@code mvn -B verify}) runs {@value SoakSettings#CI_CONNECTIONS} long-lived
 * connections and {@value SoakSettings#CI_SECONDS} s of churn, lower than the 15,000 the server can
 * hold so that it fits CI's time: about two and a half minutes on a quiet 2-core machine (144 to 224 s
 * measured beside other builds). The long run of BENCHMARKS.md ("Soak") holds 15,000:
 * <pre>
 * mvn -B -o -pl tls -am verify -Dtest=SoakTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dniotls.soak.connections=15000 -Dniotls.soak.seconds=300
 * </pre>
 * Each process stays under the 20,000 file descriptors allowed here: the long-lived connections,
 * the churn's (at most the workers' plus the stalled ones the server has not cut yet), and the JVM's own.
 * Figures go to stdout and to {@code target/soak/figures.txt}; the client process's log next to them.
 */
@Tag("soak")
@Timeout(value = 90, unit = TimeUnit.MINUTES)
class SoakTest {
    private static final Duration PROBE_BOUND = Duration.ofSeconds(10);
    private static final long IDLE_CPU_BOUND_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final double HEAP_TOLERANCE = 0.05;
    private static final int DESCRIPTOR_LIMIT = 20_000;

    private final SoakSettings settings = SoakSettings.fromSystemProperties();
    private final Path directory = Path.of(System.getProperty("niotls.soak.dir", "target/soak"));

    @Test
    void connectionsWithChurnFromAnotherProcessLeaveNothingBehind() throws Exception {
        Files.createDirectories(directory);
        TlsContext context = TlsContext.server().selfSigned("localhost").protocols("TLSv1.3", "TLSv1.2")
                .modes(TlsMode.RELEASE_BUFFERS).cryptoBackend(TlsContext.CryptoBackend.HYBRID)
                .options(TlsOption.ALLOW_CLIENT_RENEGOTIATION).sessionCache(128, Duration.ofMinutes(5)).build();
        Path certificate = directory.resolve("server-certificate.pem");
        context.writeCertificatePem(certificate);
        List<String> figures = new ArrayList<>();
        try (EventLoopGroup group = new EventLoopGroup(2)) {
            TlsServer server = TlsServer.start(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    context, TlsServerOptions.defaults().handshakeTimeout(settings.handshakeTimeout())
                            .idleTimeout(settings.idleTimeout()).closeTimeout(settings.closeTimeout())
                            .maxConnections(settings.connections() + 300),
                    EchoServer::new);
            SoakMonitor monitor = new SoakMonitor(server.counters());
            int probeCapacity = 10 * (settings.seconds() + settings.connections() / 10 + 900);
            SoakProbe probe = new SoakProbe(server.localAddress(), context.certificateChain().get(0), PROBE_BOUND,
                    probeCapacity);
            monitor.start();

            SoakReport warmUp = runClients(server, certificate, "warm-up", settings.warmUp());
            warmUp.assertClean();
            awaitOnlyTheProbe(server);
            long heapBefore = heapAfterFullGc();
            SoakCounters before = SoakCounters.of(server);
            monitor.resetPeaks();

            long start = System.nanoTime();
            SoakReport soak = runClients(server, certificate, "soak", settings);
            long soakMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            probe.close();
            TlsCounters counters = server.counters();
            Await.until("every server connection closed and every buffer back",
                    () -> counters.connectionsOpen() == 0 && counters.buffersLent() == 0,
                    Duration.ofSeconds(60), counters::toString);
            monitor.stop();
            SoakCounters during = SoakCounters.of(server).minus(before);
            long registrations = group.loop(0).counters().channelsOpen() + group.loop(1).counters().channelsOpen();
            long heapAfter = heapAfterFullGc();
            IdleCpu idle = IdleCpu.measure(group, Duration.ofSeconds(10));

            figures.add(String.format(Locale.ROOT, "soak: %,d long-lived connections, %d s of churn on %d threads, seed %d;"
                    + " the measured run took %.1f s (%s)", settings.connections(), settings.seconds(),
                    settings.workers(), settings.seed(), soakMillis / 1000.0, soak.line("ramped")));
            figures.add(String.format(Locale.ROOT, "server: peak %,d connections open, peak %,d file descriptors"
                    + " (limit %,d), peak %,d buffers lent", monitor.peakOpen(), monitor.peakDescriptors(),
                    DESCRIPTOR_LIMIT, counters.buffersLentPeak()));
            figures.add("server counters of the measured run: " + during);
            figures.add("clients: " + soak.tallies());
            figures.add(String.format(Locale.ROOT, "probe: %,d answers, round trip p50 %.1f ms, p99 %.1f ms,"
                    + " max %.1f ms (bound %d ms)", probe.answered(), probe.roundTripMillis(50),
                    probe.roundTripMillis(99), probe.roundTripMillis(100), PROBE_BOUND.toMillis()));
            figures.add(String.format(Locale.ROOT, "heap after a full GC: %.1f MB before the run, %.1f MB after"
                    + " (%+.2f %%); buffers pooled %,d", heapBefore / 1e6, heapAfter / 1e6,
                    100.0 * (heapAfter - heapBefore) / heapBefore, counters.buffersPooled()));
            figures.add("loop threads over 10 idle seconds: " + idle);
            figures.forEach(System.out::println);
            Files.write(directory.resolve("figures.txt"), figures);

            soak.assertClean();
            soak.assertEveryKindRan();
            assertTrue(probe.failure() == null, () -> "the probe: " + probe.failure());
            assertTrue(probe.answered() > settings.seconds(), "the probe kept asking: " + probe.answered());
            assertEquals(0, counters.connectionsOpen(), counters::toString);
            assertEquals(0, counters.buffersLent(), counters::toString);
            assertEquals(1, registrations, "only the listener is registered");
            assertTrue(monitor.peakDescriptors() < DESCRIPTOR_LIMIT, "descriptors: " + monitor.peakDescriptors());
            during.assertEveryPathTaken();
            assertTrue(heapAfter <= heapBefore * (1 + HEAP_TOLERANCE),
                    () -> "heap grew from " + heapBefore + " to " + heapAfter + " bytes");
            assertTrue(idle.totalNanos() < IDLE_CPU_BOUND_NANOS, "idle loops used CPU: " + idle);
            server.close();
        }
    }

    /**
     * This test's class path, and its module path when surefire runs the tests inside the tls module: the clients'
     * JVM runs it all on the class path.
     */
    private static String classPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String modulePath = System.getProperty("jdk.module.path");
        return modulePath == null || modulePath.isEmpty() ? classPath : modulePath + File.pathSeparator + classPath;
    }

    /** Starts {@link SoakClients} in a new JVM with this test's class path and waits for it to end. */
    private SoakReport runClients(TlsServer server, Path certificate, String name, SoakSettings run)
            throws IOException, InterruptedException {
        Path log = directory.resolve(name + "-clients.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
                "-cp", classPath(),
                SoakClients.class.getName(),
                server.localAddress().getAddress().getHostAddress(), String.valueOf(server.localAddress().getPort()),
                certificate.toString()));
        command.addAll(run.toArguments());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long limit = run.seconds() + run.connections() / 20 + 400;
            if (!process.waitFor(limit, TimeUnit.SECONDS)) {
                throw new AssertionError(name + " clients did not end within " + limit + " s\n" + SoakReport.tail(log));
            }
            return SoakReport.read(log, process.exitValue());
        } finally {
            process.destroyForcibly();
        }
    }

    private static void awaitOnlyTheProbe(TlsServer server) {
        TlsCounters counters = server.counters();
        Await.until("the warm-up's connections closed", () -> counters.connectionsOpen() == 1
                && counters.buffersLent() == 0, Duration.ofSeconds(60), counters::toString);
    }

    /** Used heap right after full collections ({@code System.gc()} is a full GC with G1's defaults). */
    static long heapAfterFullGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            System.gc();
            TimeUnit.MILLISECONDS.sleep(200);
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** CPU time of each loop thread over an idle window, and the loop turns it took. */
    record IdleCpu(long[] cpuNanos, long[] turns) {
        static IdleCpu measure(EventLoopGroup group, Duration window) throws Exception {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            int loops = group.size();
            long[] ids = new long[loops];
            long[] cpu = new long[loops];
            long[] turns = new long[loops];
            for (int index = 0; index < loops; index++) {
                EventLoop loop = group.loop(index);
                ids[index] = Await.onLoop(loop, () -> Thread.currentThread().getId());
            }
            for (int index = 0; index < loops; index++) {
                cpu[index] = threads.getThreadCpuTime(ids[index]);
                turns[index] = group.loop(index).counters().loopTurns();
            }
            TimeUnit.MILLISECONDS.sleep(window.toMillis());
            for (int index = 0; index < loops; index++) {
                cpu[index] = threads.getThreadCpuTime(ids[index]) - cpu[index];
                turns[index] = group.loop(index).counters().loopTurns() - turns[index];
            }
            return new IdleCpu(cpu, turns);
        }

        long totalNanos() {
            long total = 0;
            for (long nanos : cpuNanos) {
                total += nanos;
            }
            return total;
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder();
            for (int index = 0; index < cpuNanos.length; index++) {
                text.append(index == 0 ? "" : ", ").append(String.format(Locale.ROOT, "loop %d: %.1f ms CPU, %d turns",
                        index, cpuNanos[index] / 1e6, turns[index]));
            }
            return text.append(String.format(Locale.ROOT, " (bound %d ms in all)",
                    TimeUnit.NANOSECONDS.toMillis(IDLE_CPU_BOUND_NANOS))).toString();
        }
    }

    /** Samples the server's peaks once a second: open connections, the process's file descriptors. */
    static final class SoakMonitor implements Runnable {
        private final TlsCounters counters;
        private final Thread thread = new Thread(this, "soak-monitor");
        private volatile boolean stopped;
        private volatile long peakOpen;
        private volatile long peakDescriptors;

        SoakMonitor(TlsCounters counters) {
            this.counters = counters;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(5_000);
        }

        void resetPeaks() {
            peakOpen = 0;
            peakDescriptors = 0;
        }

        long peakOpen() {
            return peakOpen;
        }

        long peakDescriptors() {
            return peakDescriptors;
        }

        @Override
        public void run() {
            while (!stopped) {
                peakOpen = Math.max(peakOpen, counters.connectionsOpen());
                String[] descriptors = new File("/proc/self/fd").list();
                peakDescriptors = Math.max(peakDescriptors, descriptors == null ? 0 : descriptors.length);
                try {
                    TimeUnit.SECONDS.sleep(1);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
