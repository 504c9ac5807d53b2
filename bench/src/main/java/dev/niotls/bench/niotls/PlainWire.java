package dev.niotls.bench.niotls;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A {@link Wire} straight onto the socket, no TLS: the ceiling a TLS server is compared with, driven by the
 * same session loop. A write that the socket takes only partly keeps its position (the rest is retried
 * with the same buffer), like a TLS write that got WANT_WRITE.
 */
final class PlainWire implements Wire {
    private final SocketChannel channel;
    private String failure = "";

    PlainWire(SocketChannel channel) {
        this.channel = channel;
    }

    @Override
    public int handshake() {
        return 1;
    }

    @Override
    public int write(ByteBuffer src) {
        int start = src.position();
        try {
            channel.write(src);
        } catch (IOException e) {
            failure = e.toString();
            return FAILED;
        }
        return src.hasRemaining() ? WANT_WRITE : src.position() - start;
    }

    @Override
    public int read(ByteBuffer dst) {
        try {
            int n = channel.read(dst);
            return n > 0 ? n : n == 0 ? WANT_READ : CLOSED;
        } catch (IOException e) {
            failure = e.toString();
            return FAILED;
        }
    }

    @Override
    public boolean hasPending() {
        return false;
    }

    @Override
    public int shutdown() {
        try {
            channel.shutdownOutput();
            return 0;
        } catch (IOException e) {
            failure = e.toString();
            return FAILED;
        }
    }

    @Override
    public String describe() {
        return "plain TCP";
    }

    @Override
    public String failure() {
        return failure;
    }
}
