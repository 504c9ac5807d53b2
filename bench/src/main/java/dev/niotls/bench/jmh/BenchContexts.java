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
        server = TlsContext.server()
                .selfSigned("localhost")
                .protocols(profile.protocol())
                .cipherSuites(profile.cipherSuite())
                .namedGroups(TlsProfile.GROUP)
                .sessionCache(0, Duration.ofMinutes(1))
                .cryptoBackend(backend)
                .build();
        client = TlsContext.client()
                .trust(server.certificateChain().get(0))
                .serverName("localhost")
                .protocols(profile.protocol())
                .cipherSuites(profile.cipherSuite())
                .namedGroups(TlsProfile.GROUP)
                .sessionCache(0, Duration.ofMinutes(1))
                .cryptoBackend(backend)
                .build();
    }
}
