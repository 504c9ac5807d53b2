package dev.niotls.tls.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Loopback plumbing for the tests: a free port for a child process, channels with a deadline, and blocking
 * sockets with a peer task on a thread of its own.
 */
public final class Loopback {
    /** The bound on every blocking socket call and every wait for a peer task. */
    public static final int TIMEOUT_SECONDS = 20;

    /** What a peer does on its end of a blocking socket. */
    public interface SocketTask<T> {
        T run(Socket socket) throws Exception;
    }

    private Loopback() {
    }

    /**
     * A port free right now on 127.0.0.1, for {@code s_server -accept}. Another process could take it
     * before s_server binds; the test would then fail at the ACCEPT line, not hang.
     */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Connects to 127.0.0.1:{@code port}, blocking or not afterwards. */
    public static SocketChannel connect(int port, boolean blocking) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        channel.configureBlocking(blocking);
        return channel;
    }

    /** A listening socket on 127.0.0.1, on a free port. */
    public static ServerSocketChannel listen() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        return listener;
    }

    public static int port(ServerSocketChannel listener) throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** Accepts one connection before the deadline (a child that never connects fails the test, not hangs it). */
    public static SocketChannel accept(ServerSocketChannel listener, boolean blocking, long deadlineNanos) throws IOException {
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

    public static long deadline(long seconds) {
        return System.nanoTime() + seconds * 1_000_000_000L;
    }

    /** A blocking listening socket on 127.0.0.1, on a free port. */
    public static ServerSocket serverSocket() throws IOException {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Accepts one connection on a new thread and runs {@code task} on it. */
    public static <T> CompletableFuture<T> acceptOnce(ServerSocket listener, SocketTask<T> task) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket socket = listener.accept()) {
                socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
                return task.run(socket);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    /** A blocking socket connected to {@code listener}, its reads bounded by {@link #TIMEOUT_SECONDS}. */
    public static Socket connect(ServerSocket listener) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
        socket.setSoTimeout(TIMEOUT_SECONDS * 1000);
        return socket;
    }

    /** The result of a peer task, at most {@link #TIMEOUT_SECONDS} away; the task's own exception if it failed. */
    public static <T> T await(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CompletionException && cause.getCause() != null) {
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
