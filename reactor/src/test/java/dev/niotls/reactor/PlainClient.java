package dev.niotls.reactor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * A blocking loopback client outside the reactor: sends small seeded streams and checks the echo.
 * Streams stay under 16 KiB, far below loopback socket buffers, so write-all-then-read cannot
 * deadlock against the echo server.
 */
final class PlainClient implements AutoCloseable {
    private final Socket socket = new Socket();

    PlainClient(InetSocketAddress server) throws IOException {
        socket.setSoTimeout(20_000);
        socket.connect(server, 20_000);
    }

    /** Sends seeded stream {@code seed} and asserts the same bytes come back. */
    void echoRoundTrip(long seed) throws IOException {
        SeededStream stream = new SeededStream(seed, 1, 16 * 1024);
        ByteBuffer chunk = ByteBuffer.allocate(4096);
        while (!stream.exhausted()) {
            chunk.clear();
            stream.nextChunk(chunk);
            socket.getOutputStream().write(chunk.array(), 0, chunk.position());
        }
        MessageDigest received = SeededStream.sha256();
        byte[] buffer = new byte[4096];
        long left = stream.length();
        InputStream in = socket.getInputStream();
        while (left > 0) {
            int count = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (count < 0) {
                throw new IOException("EOF with " + left + " echo bytes missing");
            }
            received.update(buffer, 0, count);
            left -= count;
        }
        assertArrayEquals(stream.digest(), received.digest());
    }

    /** Sends raw bytes (no check). */
    void send(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** @return {@code true} if the server closed: EOF or a reset, without any byte first */
    boolean serverClosed() throws IOException {
        try {
            return socket.getInputStream().read() < 0;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
