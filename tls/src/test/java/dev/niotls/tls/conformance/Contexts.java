package dev.niotls.tls.conformance;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.TlsOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds the contexts of SPEC section 1: {@code TlsContext.server().selfSigned("localhost").protocols(v)},
 * cached because a self-signed key pair is not free, and a client trusting exactly that server's certificate,
 * with {@code serverName("localhost")}, new for every fixture. A shared client would carry its TLS 1.2
 * sessions from test to test: over a socket it offers the session it last made with the peer's host and port,
 * and when the kernel hands a later test's listener the same ephemeral port, that test's "full" handshake
 * resumes (it failed CI once, in {@code H1_nonBlockingHandshakeWantsUntilDoneThenReturnsOne}).
 */
final class Contexts {
    private static final Map<String, TlsContext> SERVERS = new ConcurrentHashMap<>();

    private Contexts() {
    }

    static TlsContext server(String version, TlsMode[] modes, TlsOption[] options) {
        return SERVERS.computeIfAbsent(key(version, modes, options), key -> TlsContext.server()
                .selfSigned("localhost")
                .protocols(version)
                .modes(modes)
                .options(options)
                .build());
    }

    /** A client that trusts {@code server}'s certificate and verifies the name "localhost". */
    static TlsContext client(TlsContext server, String version, TlsMode[] modes, TlsOption[] options) {
        return TlsContext.client()
                .trust(server.certificateChain().get(0))
                .serverName("localhost")
                .protocols(version)
                .modes(modes)
                .options(options)
                .build();
    }

    /** The default pair of contexts for {@code version}. */
    static TlsContext server(String version) {
        return server(version, new TlsMode[0], new TlsOption[0]);
    }

    static TlsContext client(String version) {
        return client(server(version), version, new TlsMode[0], new TlsOption[0]);
    }

    private static String key(String version, TlsMode[] modes, TlsOption[] options) {
        return version + Arrays.toString(modes) + Arrays.toString(options);
    }
}
