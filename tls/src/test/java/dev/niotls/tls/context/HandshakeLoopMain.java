package dev.niotls.tls.context;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.BioPair;
import java.lang.management.ManagementFactory;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Locale;

/**
 * A handshake loop for measurements by hand (not a test; timings are never asserted): full handshakes, client
 * and server in this thread over an in-memory BIO pair, X25519 (TLS 1.2 also offers P-256, the certificate's curve),
 * ECDSA P-256, no session cache, the default
 * (HYBRID) crypto. Prints handshakes/s (wall clock, and per second of the thread's CPU time) and the bytes allocated
 * per handshake for each round: both ends together, then the server's and the client's share (the bytes allocated
 * while each end's {@code newConnection} and {@code doHandshake} ran; the BIO pair is neither's). Uses only the
 * public API and {@link TestPki}, so the same file compiles against an older build for before/after comparisons
 * (BENCHMARKS.md, issue 11).
 *
 * <p>Arguments: protocol (TLSv1.3 or TLSv1.2), cipher suite, seconds of warm-up, seconds per round, rounds, and
 * optionally the certificates: {@code self} (default: a self-signed server certificate the client trusts as such,
 * so no PKIX path is built), {@code ca} (a leaf and an intermediate under a root the client trusts: the client
 * builds a PKIX path) or {@code mutual} ({@code ca}, and the server requires a client certificate of the same PKI).
 */
public final class HandshakeLoopMain {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Bytes allocated by the server's and the client's calls since the last reset. */
    private static long serverBytes;
    private static long clientBytes;

    private HandshakeLoopMain() {
    }

    public static void main(String[] args) throws Exception {
        String protocol = args[0];
        String suite = args[1];
        double warmup = Double.parseDouble(args[2]);
        double seconds = Double.parseDouble(args[3]);
        int rounds = Integer.parseInt(args[4]);
        String pki = args.length > 5 ? args[5] : "self";
        TlsContext.Builder serverBuilder = TlsContext.server();
        TlsContext.Builder clientBuilder = TlsContext.client().serverName("localhost");
        if (pki.equals("self")) {
            serverBuilder.selfSigned("localhost");
        } else {
            TestPki.Issued root = TestPki.root("loop root", TestPki.KeyType.EC);
            TestPki.Issued intermediate = TestPki.intermediate("loop intermediate", root, TestPki.KeyType.EC);
            serverBuilder.keyStore(keyStore(TestPki.leaf(intermediate, TestPki.KeyType.EC, "localhost")), PASSWORD);
            clientBuilder.trust(root.certificate());
            if (pki.equals("mutual")) {
                clientBuilder.keyStore(keyStore(TestPki.leaf(intermediate, TestPki.KeyType.EC, "client")), PASSWORD);
                serverBuilder.trust(root.certificate()).requireClientCertificate();
            }
        }
        // TLS 1.2 ECDHE_ECDSA: the certificate's curve must be among the client's supported_groups (RFC 8422 5.1.1).
        String[] groups = protocol.equals("TLSv1.2") ? new String[] {"x25519", "secp256r1"} : new String[] {"x25519"};
        TlsContext server = serverBuilder.protocols(protocol).cipherSuites(suite).namedGroups(groups)
                .sessionCache(0, Duration.ofMinutes(1)).build();
        if (pki.equals("self")) {
            clientBuilder.trust(server.certificateChain().get(0));
        }
        TlsContext client = clientBuilder.protocols(protocol).cipherSuites(suite).namedGroups(groups)
                .sessionCache(0, Duration.ofMinutes(1)).build();
        run(server, client, warmup);
        for (int round = 0; round < rounds; round++) {
            long bytes = THREADS.getCurrentThreadAllocatedBytes();
            long cpu = THREADS.getCurrentThreadCpuTime();
            serverBytes = 0;
            clientBytes = 0;
            long start = System.nanoTime();
            long count = run(server, client, seconds);
            double elapsed = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
            bytes = THREADS.getCurrentThreadAllocatedBytes() - bytes;
            // Handshakes per second of this thread's CPU time: on a shared machine the wall clock also counts
            // the time other processes held the core.
            System.out.printf(Locale.ROOT, "%s %s %s java %s: %.0f handshakes/s (wall), %.0f per CPU second,"
                    + " %,d bytes allocated per handshake (server %,d, client %,d)%n", protocol, suite, pki,
                    System.getProperty("java.specification.version"), count / elapsed, count / cpuSeconds,
                    bytes / count, serverBytes / count, clientBytes / count);
        }
    }

    private static final char[] PASSWORD = "loop".toCharArray();

    private static KeyStore keyStore(TestPki.Issued issued) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("identity", issued.key(), PASSWORD, issued.chain().toArray(new Certificate[0]));
        return store;
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
        long before = THREADS.getCurrentThreadAllocatedBytes();
        TlsConnection c = client.newConnection(pair.first());
        long middle = THREADS.getCurrentThreadAllocatedBytes();
        TlsConnection s = server.newConnection(pair.second());
        long after = THREADS.getCurrentThreadAllocatedBytes();
        clientBytes += middle - before;
        serverBytes += after - middle;
        c.setConnectState();
        s.setAcceptState();
        boolean clientDone = false;
        boolean serverDone = false;
        for (int round = 0; !(clientDone && serverDone); round++) {
            if (round > 100) {
                throw new IllegalStateException("handshake stalled");
            }
            if (!clientDone) {
                long mark = THREADS.getCurrentThreadAllocatedBytes();
                clientDone = step(c);
                clientBytes += THREADS.getCurrentThreadAllocatedBytes() - mark;
            }
            if (!serverDone) {
                long mark = THREADS.getCurrentThreadAllocatedBytes();
                serverDone = step(s);
                serverBytes += THREADS.getCurrentThreadAllocatedBytes() - mark;
            }
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
