package dev.niotls.tls.interop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** Loopback helpers for the interop tests: a free port for a child process, a connect with a deadline. */
final class Loopback {
    private Loopback() {
    }

    /**
     * A port free right now on 127.0.0.1, for {@code s_server -accept}. Another process could take it
     * before s_server binds; the test would then fail at the ACCEPT line, not hang.
     */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Connects to 127.0.0.1:{@code port}, blocking or not afterwards. */
    static SocketChannel connect(int port, boolean blocking) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(blocking);
        return channel;
    }

    /** A listening socket on 127.0.0.1, on a free port. */
    static ServerSocketChannel listen() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        return listener;
    }

    static int port(ServerSocketChannel listener) throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** Accepts one connection before the deadline (a child that never connects fails the test, not hangs it). */
    static SocketChannel accept(ServerSocketChannel listener, boolean blocking, long deadlineNanos) throws IOException {
        listener.configureBlocking(false);
        try (Selector selector = Selector.open()) {
            listener.register(selector, SelectionKey.OP_ACCEPT);
            for (;;) {
                SocketChannel channel = listener.accept();
                if (channel != null) {
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    channel.configureBlocking(blocking);
                    return channel;
                }
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    throw new AssertionError("no connection to accept before the deadline");
                }
                selector.select(Math.min(left, 200));
                selector.selectedKeys().clear();
            }
        }
    }

    static long deadline(long seconds) {
        return System.nanoTime() + seconds * 1_000_000_000L;
    }
}
