package dev.niotls.tls.reactor;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.SeededStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.UnaryOperator;

/**
 * One churn session's TLS client on the core API over a blocking socket (a soak client thread runs
 * one at a time): handshake, echo round trips of a seeded stream checked byte by byte, a clean
 * two-phase shutdown or a reset. Any failure is an {@link IOException} naming the OpenSSL-style
 * error and reason. A {@link SoakWatchdog} closes the socket of a session that hangs.
 */
final class BlockingTlsClient implements AutoCloseable {
    private final SocketChannel socket;
    private final TlsConnection tls;
    private final SoakWatchdog watchdog;
    private final long seed;
    private long sent;
    private long echoed;

    private BlockingTlsClient(SocketChannel socket, TlsConnection tls, SoakWatchdog watchdog, long seed) {
        this.socket = socket;
        this.tls = tls;
        this.watchdog = watchdog;
        this.seed = seed;
    }

    /** Connects and makes the TLS connection over {@code wrap(socket's BIO)}; no handshake yet. */
    static BlockingTlsClient connect(InetSocketAddress server, TlsContext context, UnaryOperator<Bio> wrap,
            SoakWatchdog watchdog, long seed) throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            watchdog.watch(socket);
            socket.connect(server);
            TlsConnection tls = context.newConnection(wrap.apply(new SocketBio(socket)));
            tls.setConnectState();
            return new BlockingTlsClient(socket, tls, watchdog, seed);
        } catch (IOException | RuntimeException failure) {
            watchdog.release(socket);
            socket.close();
            throw failure;
        }
    }

    SocketChannel socket() {
        return socket;
    }

    TlsConnection tls() {
        return tls;
    }

    void handshake() throws IOException {
        int result = tls.doHandshake();
        if (result != 1) {
            throw failure("handshake", result);
        }
    }

    /** Writes the next {@code length} bytes of the session's stream (one {@code SSL_write}: W7). */
    void send(int length) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(length);
        SeededStream stream = new SeededStream(seed);
        stream.skip(sent);
        stream.fill(data);
        int written = tls.write(data.flip());
        if (written != length) {
            throw failure("write of " + length, written);
        }
        sent += length;
    }

    /** Reads until everything sent so far came back, checking each byte. */
    void awaitEcho() throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (echoed < sent) {
            int count = tls.read(buffer.clear());
            if (count <= 0) {
                throw failure("read (" + echoed + " of " + sent + " echoed)", count);
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                if (buffer.get() != SeededStream.byteAt(seed, echoed)) {
                    throw new IOException("echo differs from the stream at offset " + echoed);
                }
                echoed++;
            }
        }
    }

    void echo(int length) throws IOException {
        send(length);
        awaitEcho();
    }

    /** {@code SSL_shutdown} twice: our close_notify, then the server's (S1, S2); then the socket. */
    void closeCleanly() throws IOException {
        int first = tls.shutdown();
        if (first < 0) {
            throw failure("first shutdown", first);
        }
        if (first == 0) {
            int second = tls.shutdown();
            if (second != 1) {
                throw failure("second shutdown", second);
            }
        }
        close();
    }

    /** Closes with SO_LINGER 0: the server gets a TCP reset. */
    void reset() throws IOException {
        watchdog.release(socket);
        socket.setOption(StandardSocketOptions.SO_LINGER, 0);
        socket.close();
    }

    IOException failure(String what, int result) {
        String detail = what + " returned " + result + ": " + tls.getError(result) + " " + tls.lastReason();
        IOException cause = tls.lastException();
        IOException failure = new IOException(detail + (cause == null ? "" : " (" + cause + ")"), cause);
        if (watchdog.expired(socket)) {
            return new IOException("hung; closed by the watchdog: " + detail, failure);
        }
        return failure;
    }

    @Override
    public void close() throws IOException {
        watchdog.release(socket);
        socket.close();
    }
}
