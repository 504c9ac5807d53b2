package dev.niotls.tls;

import dev.niotls.tls.events.ConnectionObserver;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Set;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsServer;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * The package-private side of a {@link TlsContext}, for tests of other packages: its Bouncy Castle peers
 * ({@code newServerPeer}, {@code newClientPeer}) made the way the connection makes them, for tests that drive
 * Bouncy Castle's protocol directly, and the connection settings it hands to each connection. A test class in
 * the context's own package: no reflection.
 */
public final class ContextPeers {
    private ContextPeers() {
    }

    public static TlsServer server(TlsContext context) {
        return context.newServerPeer(ConnectionObserver.NONE);
    }

    public static TlsClient client(TlsContext context, String serverName) {
        return context.newClientPeer(serverName, null, 0, ConnectionObserver.NONE);
    }

    public static TlsClient client(TlsContext context, String serverName, String host, int port) {
        return context.newClientPeer(serverName, host, port, ConnectionObserver.NONE);
    }

    /** A new crypto of {@code backend}, as a context built with {@code cryptoBackend(backend)} makes it. */
    public static TlsCrypto crypto(TlsContext.CryptoBackend backend) {
        return TlsContext.crypto(backend).apply(new SecureRandom());
    }

    public static Set<TlsMode> modes(TlsContext context) {
        return context.modes();
    }

    public static Set<TlsOption> options(TlsContext context) {
        return context.options();
    }

    public static int maxSendFragment(TlsContext context) {
        return context.maxSendFragment();
    }

    public static int maxRenegotiations(TlsContext context) {
        return context.maxRenegotiations();
    }

    public static Duration renegotiationWindow(TlsContext context) {
        return context.renegotiationWindow();
    }
}
