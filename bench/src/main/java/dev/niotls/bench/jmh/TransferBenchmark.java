package dev.niotls.bench.jmh;

import dev.niotls.bench.common.TlsProfile;
import dev.niotls.tls.TlsContext.CryptoBackend;
import dev.niotls.tls.bio.BioPair;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * One {@code SSL_write} of {@code size} bytes on the client and the {@code SSL_read}s on the server that
 * take it all, over an in-memory {@link BioPair}, in one thread: the cost of the TLS record layer per
 * write, without sockets. {@code engine=passthrough} runs the identical loop through a copy without
 * crypto ({@link PassThroughEndpoint}): the difference is what TLS costs, the pass-through figure is
 * what the driving itself costs.
 *
 * <p>Besides ops/s (writes/s) JMH prints the secondary results {@code bytes} (bytes/s) and
 * {@code records} (TLS records/s, one per write of at most 16 KiB). The warm-up is longer than elsewhere:
 * the JDK's AES-GCM intrinsics only take over after several seconds of C2 compilation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TransferBenchmark {
    /** The largest TLS plaintext record (RFC 8446 section 5.1). */
    private static final int MAX_RECORD = 16384;

    @Param({"64", "1024", "16384"})
    public int size;

    @Param({"tls", "passthrough"})
    public String engine;

    @Param({"JDK"})
    public CryptoBackend backend;

    private Endpoint writer;
    private Endpoint reader;
    private ByteBuffer src;
    private ByteBuffer dst;

    /** Rates JMH divides by the iteration time: bytes/s and records/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Rates {
        public long bytes;
        public long records;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            records = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        int capacity = 2 * MAX_RECORD + 1024;
        if (engine.equals("tls")) {
            InMemoryLink link = new InMemoryLink(new BenchContexts(TlsProfile.TLS13, backend), capacity);
            link.handshake();
            writer = new TlsEndpoint(link.client);
            reader = new TlsEndpoint(link.server);
        } else {
            BioPair pair = BioPair.create(capacity, capacity);
            writer = new PassThroughEndpoint(pair.first());
            reader = new PassThroughEndpoint(pair.second());
        }
        src = ByteBuffer.allocate(size);
        dst = ByteBuffer.allocate(MAX_RECORD);
        for (int i = 0; i < size; i++) {
            src.put(i, (byte) (i * 31 + 7));
        }
    }

    @Benchmark
    public int writeThenRead(Rates rates) {
        src.clear();
        if (writer.write(src) != size) {
            throw new IllegalStateException("a write of " + size + " bytes did not complete in one call");
        }
        int received = 0;
        while (received < size) {
            dst.clear();
            int n = reader.read(dst);
            if (n <= 0) {
                throw new IllegalStateException("read stalled after " + received + " of " + size + " bytes");
            }
            received += n;
        }
        rates.bytes += size;
        rates.records += (size + MAX_RECORD - 1) / MAX_RECORD;
        return dst.get(0);
    }
}
