package dev.niotls.reactor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback listener that never accepts, with its backlog filled: Linux then drops further SYNs
 * (net.ipv4.tcp_abort_on_overflow = 0, the default) and a connect to it stays in flight, which
 * is how a test gets a connect that times out without leaving 127.0.0.1.
 */
final class FullBacklog implements AutoCloseable {
    private final ServerSocketChannel server = ServerSocketChannel.open();
    private final List<SocketChannel> fillers = new ArrayList<>();

    FullBacklog() throws IOException {
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        // An accept queue of backlog 1 holds 2 connections (the kernel allows backlog + 1).
        for (int filler = 0; filler < 2; filler++) {
            fillers.add(SocketChannel.open(server.getLocalAddress()));
        }
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) server.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel filler : fillers) {
            filler.close();
        }
        server.close();
    }
}
