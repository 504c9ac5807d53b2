package dev.niotls.tls.testing;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.TlsOption;

/** Server and client contexts for the reactor tests: one self-signed "localhost" identity per version. */
public final class TestContexts {
    public static final TlsContext SERVER_13 = server("TLSv1.3");
    public static final TlsContext SERVER_12 = server("TLSv1.2");

    private TestContexts() {}

    /**
     * RELEASE_BUFFERS so an idle connection holds no network buffer; ALLOW_CLIENT_RENEGOTIATION so
     * the peer-initiated renegotiation tests can start one from the client (H3). The HYBRID backend
     * (Bouncy Castle's EC, the JDK's AES-GCM) makes a handshake about 3 times cheaper than JDK-only,
     * which matters with hundreds of handshakes on two shared cores.
     */
    private static TlsContext server(String protocol) {
        return TlsContext.server().selfSigned("localhost").protocols(protocol).modes(TlsMode.RELEASE_BUFFERS)
                .cryptoBackend(TlsContext.CryptoBackend.HYBRID)
                .options(TlsOption.ALLOW_CLIENT_RENEGOTIATION).build();
    }

    public static TlsContext server(boolean tls13) {
        return tls13 ? SERVER_13 : SERVER_12;
    }

    public static TlsContext client(boolean tls13) {
        TlsContext server = server(tls13);
        return TlsContext.client().trust(server.certificateChain().get(0)).serverName("localhost")
                .protocols(tls13 ? "TLSv1.3" : "TLSv1.2").modes(TlsMode.RELEASE_BUFFERS)
                .cryptoBackend(TlsContext.CryptoBackend.HYBRID).build();
    }
}
