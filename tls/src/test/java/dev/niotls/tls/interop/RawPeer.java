package dev.niotls.tls.interop;

import dev.niotls.tls.testing.Loopback;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The far end of a loopback connection, speaking raw bytes instead of TLS: it sends what a test crafts
 * (garbage, a plaintext HTTP request, a truncated or oversized record, an alert) and collects what
 * niotls answers, with a deadline on every wait.
 */
final class RawPeer implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private boolean ended;

    RawPeer(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        this.channel = channel;
        this.selector = Selector.open();
        channel.register(selector, SelectionKey.OP_READ);
    }

    void send(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long deadline = Loopback.deadline(10);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0 && System.nanoTime() - deadline > 0) {
                throw new AssertionError("the raw peer could not send in time");
            }
        }
    }

    /** Ends our direction (TCP FIN): niotls reads end of stream. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /**
     * Reads until at least {@code count} bytes have arrived in all, or end of stream, or the deadline;
     * returns everything received so far.
     */
    byte[] receive(int count, long deadlineNanos) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(16384);
        while (received.size() < count && !ended) {
            buffer.clear();
            int read = channel.read(buffer);
            if (read < 0) {
                ended = true;
            } else if (read > 0) {
                received.write(buffer.array(), 0, read);
            } else {
                long left = (deadlineNanos - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    break;
                }
                selector.select(Math.min(left, 200));
                selector.selectedKeys().clear();
            }
        }
        return received.toByteArray();
    }

    /** Reads one whole TLS record (e.g. niotls's ClientHello) and returns all bytes received so far. */
    byte[] receiveRecord(long deadlineNanos) throws IOException {
        byte[] header = receive(5, deadlineNanos);
        if (header.length < 5) {
            throw new AssertionError("no TLS record header from niotls in time");
        }
        int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
        return receive(5 + length, deadlineNanos);
    }

    /** Forgets what was received so far (e.g. the ClientHello), so the next bytes start fresh. */
    void discardReceived() {
        received.reset();
    }

    @Override
    public void close() throws IOException {
        selector.close();
        channel.close();
    }
}
