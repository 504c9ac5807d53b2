package dev.niotls.samples;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.reactor.LoopConfig;
import dev.niotls.tls.reactor.TlsClientOptions;
import java.net.InetSocketAddress;
import java.time.Duration;

/** What the client commands share: their event loops and their timeouts. */
final class Clients {
    /** A stalled server makes a client give up after this long without a byte. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

    private Clients() {
    }

    static EventLoopGroup group(Options options) throws UsageException {
        return new EventLoopGroup(LoopConfig.defaults().loops(options.loops()).threadNamePrefix("niotls-client-"));
    }

    static TlsClientOptions options() {
        return TlsClientOptions.defaults().idleTimeout(IDLE_TIMEOUT);
    }

    /** A hint for the usual mistake: a client that does not trust the server's generated certificate. */
    static String hint(String failure) {
        return failure.contains("CERTIFICATE_VERIFY_FAILED")
                ? failure + " (give --cacert the PEM file the server printed, and --server-name a name in it)" : failure;
    }

    static InetSocketAddress address(Options options) throws UsageException {
        return new InetSocketAddress(options.host(), options.port());
    }
}
