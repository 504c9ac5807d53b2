package dev.niotls.tls.context;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.BioPair;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;

/**
 * A handshake loop for measurements by hand (not a test; timings are never asserted): full handshakes, client
 * and server in this thread over an in-memory BIO pair, X25519, ECDSA P-256, no session cache, the default
 * (HYBRID) crypto. Prints handshakes/s (wall clock, and per second of the thread's CPU time) and the bytes allocated
 * per handshake (both ends) for each round. Uses only
 * the public API, so the same file compiles against an older build for before/after comparisons (BENCHMARKS.md,
 * issue 11).
 *
 * <p>Arguments: protocol (TLSv1.3 or TLSv1.2), cipher suite, seconds of warm-up, seconds per round, rounds.
 */
public final class HandshakeLoopMain {
    private HandshakeLoopMain() {
    }

    public static void main(String[] args) {
        String protocol = args[0];
        String suite = args[1];
        double warmup = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int rounds = Integer.parseInt(args[4]);
        TlsContext server = TlsContext.server().selfSigned("localhost").protocols(protocol).cipherSuites(suite)
                .namedGroups("x25519").sessionCache(0, Duration.ofMinutes(1)).build();
        TlsContext client = TlsContext.client().trust(server.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).cipherSuites(suite).namedGroups("x25519").sessionCache(0, Duration.ofMinutes(1))
                .build();
        run(server, client, warmup);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        for (int round = 0; round < rounds; round++) {
            long bytes = threads.getThreadAllocatedBytes(thread);
            long cpu = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            long count = run(server, client, seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpu) / 1e9;
            bytes = threads.getThreadAllocatedBytes(thread) - bytes;
            // Handshakes per second of this thread's CPU time: on a shared machine the wall clock also counts
            // the time other processes held the core.
            System.out.printf(Locale.ROOT, "%s %s java %s: %.0f handshakes/s (wall), %.0f per CPU second,"
                    + " %,d bytes allocated per handshake%n", protocol, suite,
                    System.getProperty("java.specification.version"), count / elapsed, count / cpuSeconds,
                    bytes / count);
        }
    }

    private static long run(TlsContext server, TlsContext client, double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 20; i++) {
                handshake(server, client);
            }
            count += 20;
        }
        return count;
    }

    private static void handshake(TlsContext server, TlsContext client) {
        BioPair pair = BioPair.create(32 * 1024, 32 * 1024);
        TlsConnection c = client.newConnection(pair.first());
        TlsConnection s = server.newConnection(pair.second());
        c.setConnectState();
        s.setAcceptState();
        boolean clientDone = false;
        boolean serverDone = false;
        for (int round = 0; !(clientDone && serverDone); round++) {
            if (round > 100) {
                throw new IllegalStateException("handshake stalled");
            }
            clientDone = clientDone || step(c);
            serverDone = serverDone || step(s);
        }
        if (!suiteName(c).equals(suiteName(s))) {
            throw new IllegalStateException("suites differ");
        }
    }

    private static String suiteName(TlsConnection connection) {
        return connection.cipherSuite();
    }

    private static boolean step(TlsConnection connection) {
        int ret = connection.doHandshake();
        if (ret == 1) {
            return true;
        }
        TlsError error = connection.getError(ret);
        if (error != TlsError.WANT_READ && error != TlsError.WANT_WRITE) {
            throw new IllegalStateException(error + " " + connection.lastReason(), connection.lastException());
        }
        return false;
    }
}
