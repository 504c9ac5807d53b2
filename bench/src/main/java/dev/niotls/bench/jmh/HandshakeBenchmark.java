package dev.niotls.bench.jmh;

import dev.niotls.bench.common.TlsProfile;
import dev.niotls.tls.TlsContext.CryptoBackend;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full handshake, client and server both in this thread over an in-memory BIO pair: TLS 1.3 with
 * X25519 and an ECDSA P-256 certificate, and TLS 1.2 ECDHE-ECDSA (X25519, AES-128-GCM), for each crypto
 * backend. The session cache is off, so no handshake is resumed. The score (handshakes/s) counts both
 * sides' work; a server alone does roughly its half, the client verifying the certificate the rest.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class HandshakeBenchmark {
    @Param({"TLS13", "TLS12"})
    public TlsProfile profile;

    @Param({"JDK", "BOUNCY_CASTLE", "HYBRID"})
    public CryptoBackend backend;

    private BenchContexts contexts;

    @Setup(Level.Trial)
    public void setUp() {
        contexts = new BenchContexts(profile, backend);
    }

    @Benchmark
    public Object fullHandshake() {
        InMemoryLink link = new InMemoryLink(contexts, 32 * 1024);
        link.handshake();
        return link.client.cipherSuite();
    }
}
