package dev.niotls.bench.niotls;

import dev.niotls.bench.common.Args;
import dev.niotls.bench.common.TlsProfile;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsMode;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The bench's own niotls server: one {@link SelectorLoop} thread serving {@code http} (hello),
 * {@code echo} or {@code stream} ({@code --bytes N} in 16 KiB writes then close), with {@code --plain}
 * for the same program without TLS (the plain-TCP ceiling). It stands in for the samples' servers until
 * they exist; the runner prefers {@code samples/target/niotls-samples.jar} when it is there.
 *
 * <pre>
 * java -cp benchmarks.jar dev.niotls.bench.niotls.BenchServer --mode http --port 8443 --tls 1.3
 *     --cert cert.pem --key key.pem [--crypto jdk|bc|hybrid (default: TlsContext's)] [--bytes N] [--plain]
 *     [--release-buffers] [--seconds S]
 * </pre>
 */
public final class BenchServer {
    private BenchServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        TlsContext context = args.has("plain") ? null : serverContext(args);
        String mode = args.get("mode", "http");
        long bytes = args.getLong("bytes", 1L << 30);
        Supplier<SessionHandler> handlers;
        switch (mode) {
            case "http":
                handlers = HelloService::new;
                break;
            case "echo":
                handlers = EchoService::new;
                break;
            case "stream":
                handlers = () -> new StreamService(bytes);
                break;
            default:
                throw new IllegalArgumentException("--mode must be http, echo or stream");
        }
        SelectorLoop loop = new SelectorLoop(context);
        InetSocketAddress address = new InetSocketAddress(args.get("host", "127.0.0.1"), args.getInt("port", 8443));
        loop.listen(address, handlers);
        System.out.printf("niotls bench %s server (%s) listening on %s%n", mode,
                context == null ? "plain TCP" : args.profile().protocol() + " " + args.profile().cipherSuite(), address);
        // Bounded like every load program here: --seconds (default one hour), or until killed.
        long deadline = System.nanoTime() + args.getLong("seconds", 3600) * 1_000_000_000L;
        loop.run(deadline, () -> false, null);
        loop.close();
    }

    /** The server context of a run: the given PEM files, the profile's protocol, cipher suite and group. */
    public static TlsContext serverContext(Args args) {
        TlsProfile profile = args.profile();
        TlsContext.Builder builder = TlsContext.server()
                .certificate(args.path("cert"), args.path("key"))
                .protocols(profile.protocol())
                .cipherSuites(profile.cipherSuite())
                .namedGroups(TlsProfile.GROUP);
        if (args.has("crypto")) {
            builder.cryptoBackend(crypto(args.require("crypto")));
        }
        if (args.has("release-buffers")) {
            // SSL_MODE_RELEASE_BUFFERS: an idle connection gives its record buffers back (idle-memory scenario).
            builder.modes(TlsMode.RELEASE_BUFFERS);
        }
        return builder.build();
    }

    /** {@code --crypto jdk|bc|hybrid}. */
    public static TlsContext.CryptoBackend crypto(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "jdk":
                return TlsContext.CryptoBackend.JDK;
            case "bc":
                return TlsContext.CryptoBackend.BOUNCY_CASTLE;
            case "hybrid":
                return TlsContext.CryptoBackend.HYBRID;
            default:
                throw new IllegalArgumentException("--crypto must be jdk, bc or hybrid");
        }
    }
}
