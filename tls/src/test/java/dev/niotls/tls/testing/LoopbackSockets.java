package dev.niotls.tls.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** A connected pair of {@link SocketChannel}s on 127.0.0.1 (tls-channel's socket-pair factory). */
public final class LoopbackSockets implements AutoCloseable {
    private final SocketChannel client;
    private final SocketChannel server;

    private LoopbackSockets(SocketChannel client, SocketChannel server) {
        this.client = client;
        this.server = server;
    }

    /** Opens a connected pair, both ends blocking or both non-blocking. */
    public static LoopbackSockets open(boolean blocking) throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            SocketChannel server = listener.accept();
            for (SocketChannel channel : new SocketChannel[] {client, server}) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.configureBlocking(blocking);
            }
            return new LoopbackSockets(client, server);
        }
    }

    /** The connecting end. */
    public SocketChannel client() {
        return client;
    }

    /** The accepted end. */
    public SocketChannel server() {
        return server;
    }

    /**
     * Closes {@code channel} with SO_LINGER 0, so the kernel sends a TCP RST instead of a FIN: the peer's
     * next read or write fails with "Connection reset" (R5).
     */
    public static void reset(SocketChannel channel) throws IOException {
        channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        channel.close();
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
