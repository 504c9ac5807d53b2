package dev.niotls.samples;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.reactor.TlsHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * {@code --warm-up}: the command's own server (its handler, the reactor, the record layer) on a free loopback port,
 * under clients in this process, before the real server listens, so that a fresh JVM meets its first clients
 * compiled. A JVM server's first seconds are the JIT's: pinned to one CPU, a fresh https-server did 234 to 322 full
 * TLS 1.3 handshakes/s in its first 5 s against about 1,900 warm, its compiler threads taking half the CPU for 40 s,
 * while nginx starts compiled. After 30 s of this warm-up it did 738 to 939/s in its first 5 s: better, not warm.
 * Real clients still take paths the warm-up's did not (other ClientHello extensions, HTTP/1.0), and a compiler that
 * shares one CPU with the server takes seconds to follow (BENCHMARKS.md, "Session 7", "Cold start").
 *
 * <p>The warm-up server has its own loops and a twin of the context (same certificate and key, no session ticket
 * keys, no key log), so that the real server's counters, session cache and MBeans never see a warm-up connection.
 */
final class ServerWarmUp {
    /** Clients talking at once: enough to keep one loop busy while the others encrypt. */
    private static final int CLIENTS = 4;
    /** Failures without one success after which the warm-up gives up early: the server cannot be talked to. */
    private static final int GIVE_UP_FAILURES = 100;
    /** How long the clients' last conversations may outlast the budget before their server is closed under them. */
    private static final Duration GRACE = Duration.ofSeconds(10);

    private ServerWarmUp() {
    }

    /** What a warm-up client does after its handshake, on a blocking connection, before it closes the socket. */
    interface Conversation {
        void talk(TlsConnection connection) throws IOException;
    }

    /**
     * What a warm-up did.
     *
     * @param conversations conversations completed (a handshake and the command's exchange)
     * @param failures conversations that failed; the first failure is logged
     * @param elapsed the time spent
     */
    record Result(int conversations, int failures, Duration elapsed) {
    }

    /**
     * Runs the command's server on a free port of 127.0.0.1 under {@link #CLIENTS} clients that talk {@code
     * conversation}, one protocol version after another, until {@code budget} is spent; then closes it.
     *
     * @throws IOException when the warm-up server cannot listen, or not one conversation succeeded (the warm-up then
     *         gives up after {@link #GIVE_UP_FAILURES} failures rather than spend its budget)
     */
    static Result run(Options options, Supplier<? extends TlsHandler> handlers, Conversation conversation,
            Duration budget) throws UsageException, IOException {
        List<TlsContext> clients = Contexts.warmUpClients(options);
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<Throwable> firstFailure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        try (ReactorServer server = ReactorServer.forWarmUp(options, Contexts.warmUpTwin(options))) {
            InetSocketAddress address = server.listen(0, handlers).localAddress();
            for (int i = 0; i < CLIENTS; i++) {
                int first = i;
                Runnable client = () -> {
                    for (int turn = first; System.nanoTime() - deadline < 0 && !hopeless(done, failed); turn++) {
                        try {
                            talkOnce(address, clients.get(turn % clients.size()), conversation);
                            done.incrementAndGet();
                        } catch (IOException | RuntimeException e) {
                            failed.incrementAndGet();
                            firstFailure.compareAndSet(null, e);
                        }
                    }
                };
                Thread thread = new Thread(client, "niotls-warm-up-client-" + i);
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            joinAll(threads, deadline + GRACE.toNanos());
        } // closing the server ends any conversation still going, so the joins below return
        joinAll(threads, System.nanoTime() + GRACE.toNanos());
        Result result = new Result(done.get(), failed.get(), Duration.ofNanos(System.nanoTime() - start));
        if (result.conversations() == 0 && firstFailure.get() != null) {
            throw new IOException("warm-up: no conversation succeeded: " + firstFailure.get(), firstFailure.get());
        }
        if (firstFailure.get() != null) {
            System.err.println(options.command().name + ": warm-up: " + result.failures() + " conversations failed, "
                    + "the first: " + firstFailure.get());
        }
        return result;
    }

    private static boolean hopeless(AtomicInteger done, AtomicInteger failed) {
        return done.get() == 0 && failed.get() >= GIVE_UP_FAILURES;
    }

    private static void joinAll(List<Thread> threads, long until) {
        for (Thread thread : threads) {
            long left = until - System.nanoTime();
            if (left > 0) {
                try {
                    thread.join(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** One connection: a blocking handshake with {@code client}, the conversation, the socket closed. */
    private static void talkOnce(InetSocketAddress address, TlsContext client, Conversation conversation)
            throws IOException {
        try (SocketChannel channel = SocketChannel.open(address)) {
            // Without it the ClientHello's and the Finished's small segments wait for delayed ACKs: 40 ms each.
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TlsConnection connection = client.newConnection(new SocketBio(channel));
            try {
                connection.setConnectState();
                int handshake = connection.doHandshake();
                if (handshake != 1) {
                    throw failure(connection, "handshake", handshake);
                }
                conversation.talk(connection);
            } finally {
                connection.free();
            }
        }
    }

    /** https-server: one {@code GET /} that asks the server to close, read to the end. */
    static void getOnce(TlsConnection connection) throws IOException {
        writeAll(connection, "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        String response = new String(readToEnd(connection), StandardCharsets.ISO_8859_1);
        if (!response.startsWith("HTTP/1.1 200 ") || !response.endsWith(HttpConversation.BODY)) {
            throw new IOException("warm-up: unexpected response: " + response);
        }
    }

    /** echo-server: a message echoed whole, then close_notify. */
    static void echoOnce(TlsConnection connection) throws IOException {
        byte[] message = "niotls warm-up: the same bytes come back\n".getBytes(StandardCharsets.US_ASCII);
        writeAll(connection, message);
        byte[] echoed = new byte[message.length];
        ByteBuffer into = ByteBuffer.wrap(echoed);
        while (into.hasRemaining()) {
            int read = connection.read(into);
            if (read <= 0) {
                throw failure(connection, "echo read", read);
            }
        }
        if (!Arrays.equals(message, echoed)) {
            throw new IOException("warm-up: the echo differs from the message");
        }
        connection.shutdown();
    }

    private static void writeAll(TlsConnection connection, byte[] message) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(message);
        int written = connection.write(bytes);
        if (written != bytes.capacity()) {
            throw failure(connection, "write", written);
        }
    }

    /** Reads until the server's close_notify. */
    private static byte[] readToEnd(TlsConnection connection) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        for (;;) {
            buffer.clear();
            int read = connection.read(buffer);
            if (read > 0) {
                received.write(buffer.array(), 0, read);
                continue;
            }
            TlsError error = connection.getError(read);
            if (error == TlsError.ZERO_RETURN) {
                return received.toByteArray();
            }
            throw failure(connection, "read", read);
        }
    }

    private static IOException failure(TlsConnection connection, String what, int ret) {
        return new IOException("warm-up " + what + ": " + connection.getError(ret) + " " + connection.lastReason(),
                connection.lastException());
    }
}
