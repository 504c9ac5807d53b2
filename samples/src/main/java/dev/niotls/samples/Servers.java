package dev.niotls.samples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** What every server command does around its server: bind, print how to try it, serve until Ctrl-C. */
final class Servers {
    private Servers() {
    }

    /** A listening socket on {@code host:port} (port 0: any free port), with a clear message when taken. */
    static ServerSocketChannel bind(String host, int port) throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        try {
            listener.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            listener.bind(new InetSocketAddress(host, port), 1024);
            return listener;
        } catch (IOException e) {
            listener.close();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage()
                    + " (try another --port, or --port 0 for any free one)", e);
        }
    }

    static String describe(InetSocketAddress address) {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The host to put in the try-it lines: "localhost" (in the generated certificate) for loopback or any address. */
    static String hostFor(InetSocketAddress address) {
        boolean local = address.getAddress().isLoopbackAddress() || address.getAddress().isAnyLocalAddress();
        return local ? "localhost" : address.getAddress().getHostAddress();
    }

    /** Prints the exact command lines that try a server with curl (HTTPS) or openssl s_client (echo, stream). */
    static void printTryLines(Path certificatePem, InetSocketAddress address, boolean https) {
        String host = hostFor(address);
        if (https) {
            System.out.println("  curl --cacert " + certificatePem + " https://" + host + ":" + address.getPort() + "/");
            return;
        }
        System.out.println("  openssl s_client -connect " + host + ":" + address.getPort() + " -CAfile " + certificatePem
                + " -verify_return_error");
        System.out.println("    (type a line: it comes back; a line 'R' renegotiates on TLS 1.2 when the server has"
                + " --allow-client-renegotiation, 'K' updates keys on TLS 1.3, 'Q' quits)");
    }

    /** Runs {@code action} for each line {@code command} typed on stdin (a daemon thread; EOF ends it). */
    static void onStdinLine(String command, Runnable action) {
        Thread reader = new Thread(() -> {
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in,
                    java.nio.charset.StandardCharsets.UTF_8));
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.trim().equals(command)) {
                        action.run();
                    }
                }
            } catch (IOException e) {
                // stdin closed: no more commands
            }
        }, "stdin-" + command);
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Returns when the JVM is asked to stop (Ctrl-C, SIGTERM): closes {@code server} from the shutdown
     * hook (a graceful shutdown), and the main thread never returns; the JVM exits after the hook.
     */
    static void serveUntilInterrupted(AutoCloseable server) throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping: closing connections gracefully");
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("error while stopping: " + e);
            }
        }, "graceful-shutdown"));
        never.await();
    }
}
