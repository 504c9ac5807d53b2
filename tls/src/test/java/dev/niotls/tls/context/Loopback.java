package dev.niotls.tls.context;

import dev.niotls.tls.TlsContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * Loopback plumbing for context tests: Bouncy Castle's blocking protocol objects driven by our peers, and JDK
 * SSLContexts built from generated identities, as the other side.
 */
final class Loopback {
    static final int TIMEOUT_SECONDS = 20;

    interface SocketTask<T> {
        T run(Socket socket) throws Exception;
    }

    private Loopback() {
    }

    static ServerSocket listen() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Accepts one connection on a new thread and runs {@code task} on it. */
    static <T> CompletableFuture<T> acceptOnce(ServerSocket listener, SocketTask<T> task) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
                return task.run(socket);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    static Socket connect(ServerSocket listener) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
        return socket;
    }

    /** A BC server handshake on {@code socket} with the context's peer; returns the open protocol. */
    static TlsServerProtocol bcAccept(Socket socket, TlsContext context) throws IOException {
        TlsServerProtocol protocol = new TlsServerProtocol(socket.getInputStream(), socket.getOutputStream());
        protocol.accept(Peers.server(context));
        return protocol;
    }

    /** A BC client handshake on {@code socket}; {@code serverName} may be null for the context's. */
    static TlsClientProtocol bcConnect(Socket socket, TlsContext context, String serverName) throws IOException {
        TlsClientProtocol protocol = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        protocol.connect(Peers.client(context, serverName));
        return protocol;
    }

    /** A JDK SSLContext trusting {@code trusted} and, if {@code identity} is not null, presenting it. */
    static SSLContext jdkContext(Identity identity, X509Certificate... trusted) throws Exception {
        KeyManagerFactory keys = null;
        if (identity != null) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("identity", identity.privateKey(), "secret".toCharArray(),
                    identity.chain().toArray(new X509Certificate[0]));
            keys = KeyManagerFactory.getInstance("PKIX");
            keys.init(keyStore, "secret".toCharArray());
        }
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        for (int i = 0; i < trusted.length; i++) {
            trustStore.setCertificateEntry("trusted" + i, trusted[i]);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(trustStore);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return context;
    }

    static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof Exception) {
                throw (Exception) cause;
            }
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw e;
        }
    }
}
