package dev.niotls.tls.context;

import dev.niotls.tls.TlsContext;
import java.lang.reflect.Method;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsServer;

/**
 * Calls the package-private contract of {@link TlsContext} ({@code newServerPeer}, {@code newClientPeer}) the way
 * the connection does, from this test package.
 */
final class Peers {
    private Peers() {
    }

    static TlsServer server(TlsContext context) {
        return (TlsServer) invoke(context, "newServerPeer", new Class<?>[0]);
    }

    static TlsClient client(TlsContext context, String serverName) {
        return (TlsClient) invoke(context, "newClientPeer", new Class<?>[] {String.class}, serverName);
    }

    static TlsClient client(TlsContext context, String serverName, String host, int port) {
        return (TlsClient) invoke(context, "newClientPeer", new Class<?>[] {String.class, String.class, int.class},
                serverName, host, port);
    }

    static Object invoke(TlsContext context, String name, Class<?>[] types, Object... args) {
        try {
            Method method = TlsContext.class.getDeclaredMethod(name, types);
            method.setAccessible(true);
            return method.invoke(context, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
