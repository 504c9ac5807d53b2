package dev.niotls.tls.conformance;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.TlsOption;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds (and caches: a self-signed key pair per server context is not free) the contexts of SPEC
 * section 1: {@code TlsContext.server().selfSigned("localhost").protocols(v)} and a client trusting
 * exactly that server's certificate, with {@code serverName("localhost")}.
 */
final class Contexts {
    private static final Map<String, TlsContext> SERVERS = new ConcurrentHashMap<>();
    private static final Map<String, TlsContext> CLIENTS = new ConcurrentHashMap<>();

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
        String key = System.identityHashCode(server) + "/" + key(version, modes, options);
        return CLIENTS.computeIfAbsent(key, k -> TlsContext.client()
                .trust(server.certificateChain().get(0))
                .serverName("localhost")
                .protocols(version)
                .modes(modes)
                .options(options)
                .build());
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
