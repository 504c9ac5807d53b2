package dev.niotls.tls.interop;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.Loopback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A niotls server for hostile peers: one thread accepts loopback connections one after the other and
 * serves each on a blocking {@link SocketBio} (handshake, then echo everything read) until it ends, then
 * reports how: the reason and the alert niotls sent, as {@link Outcome}.
 */
final class NiotlsServerThread implements AutoCloseable {
    /** How one connection ended on the niotls side. {@code alert} is the alert sent or received, or -1. */
    record Outcome(boolean handshakeDone, TlsError error, TlsReason reason, int alert, String detail) {
    }

    private final TlsContext context;
    private final ServerSocketChannel listener;
    private final Thread thread;
    /** Per client port: how that connection ended. */
    private final ConcurrentMap<Integer, CompletableFuture<Outcome>> outcomes = new ConcurrentHashMap<>();

    private NiotlsServerThread(TlsContext context) throws IOException {
        this.context = context;
        this.listener = Loopback.listen();
        this.thread = new Thread(this::serve, "niotls-hostile-target");
        thread.setDaemon(true);
        thread.start();
    }

    static NiotlsServerThread start(TlsContext context) throws IOException {
        return new NiotlsServerThread(context);
    }

    int port() throws IOException {
        return Loopback.port(listener);
    }

    /** How the connection of the client {@code socket} ended, waiting up to 20 s. */
    Outcome outcomeOf(Socket socket) throws InterruptedException {
        return outcomeOf(socket.getLocalPort());
    }

    /** How the connection from the client's port {@code clientPort} ended, waiting up to 20 s. */
    Outcome outcomeOf(int clientPort) throws InterruptedException {
        try {
            return outcome(clientPort).get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the niotls connection did not end within 20 s");
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
    }

    private CompletableFuture<Outcome> outcome(int clientPort) {
        return outcomes.computeIfAbsent(clientPort, port -> new CompletableFuture<>());
    }

    private void serve() {
        while (listener.isOpen()) {
            try (SocketChannel channel = listener.accept()) {
                channel.configureBlocking(true);
                int clientPort = ((InetSocketAddress) channel.getRemoteAddress()).getPort();
                outcome(clientPort).complete(run(context.newConnection(new SocketBio(channel))));
            } catch (IOException e) {
                return; // the listener closed
            }
        }
    }

    private static Outcome run(TlsConnection connection) {
        connection.setAcceptState();
        int result = connection.doHandshake();
        boolean handshakeDone = result == 1;
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        while (result > 0) {
            buffer.clear();
            result = connection.read(buffer);
            if (result > 0) {
                buffer.flip();
                result = connection.write(buffer);
            }
        }
        TlsError error = connection.getError(result);
        IOException failure = connection.lastException();
        int alert = failure instanceof TlsException ? ((TlsException) failure).alertDescription() : -1;
        return new Outcome(handshakeDone, error, connection.lastReason(), alert, String.valueOf(failure));
    }

    @Override
    public void close() throws IOException {
        listener.close();
        thread.interrupt();
    }
}
