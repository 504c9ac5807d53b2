package dev.niotls.bench.jmh;

import dev.niotls.bench.common.TlsProfile;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsContext.CryptoBackend;
import java.time.Duration;

/**
 * A matching server and client {@link TlsContext} for in-memory benchmarks: a generated ECDSA P-256
 * certificate, the profile's single protocol and cipher suite, X25519, and no session cache, so that every
 * handshake measured is a full one.
 */
final class BenchContexts {
    final TlsContext server;
    final TlsContext client;

    BenchContexts(TlsProfile profile, CryptoBackend backend) {
        server = profiled(TlsContext.server().selfSigned("localhost"), profile, backend).build();
        client = profiled(TlsContext.client().trust(server.certificateChain().get(0)).serverName("localhost"),
                profile, backend).build();
    }

    /** What both ends share: the profile's protocol and suite, its group, no session cache, the backend. */
    private static TlsContext.Builder profiled(TlsContext.Builder builder, TlsProfile profile, CryptoBackend backend) {
        return builder
                .protocols(profile.protocol())
                .cipherSuites(profile.cipherSuite())
                .namedGroups(TlsProfile.GROUP)
                .sessionCache(0, Duration.ofMinutes(1))
                .cryptoBackend(backend);
    }
}
