package dev.niotls.reactor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * A reactor client that sends one {@link SeededStream} to an echo server, half-closes, reads the
 * echo until EOF and completes {@link #result()} with both digests.
 */
final class StreamClient implements ChannelHandler, ConnectCallback {
    record Result(long sent, long received, byte[] sentDigest, byte[] receivedDigest, int loopIndex) {}

    private final SeededStream stream;
    private final ByteBuffer outbound = ByteBuffer.allocate(16384).flip();
    private final ByteBuffer inbound = ByteBuffer.allocate(16384);
    private final MessageDigest received = SeededStream.sha256();
    private final CompletableFuture<Result> result = new CompletableFuture<>();
    private long receivedBytes;
    private boolean outputShut;

    StreamClient(long seed, int minLength, int maxLength) {
        this.stream = new SeededStream(seed, minLength, maxLength);
    }

    CompletableFuture<Result> result() {
        return result;
    }

    @Override
    public ChannelHandler connected(SocketChannel channel, EventLoop loop) {
        return this;
    }

    @Override
    public void failed(IOException cause) {
        result.completeExceptionally(cause);
    }

    @Override
    public void registered(Registration registration) {
        registration.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    @Override
    public void ready(Registration registration, int readyOps) throws IOException {
        SocketChannel channel = (SocketChannel) registration.channel();
        if ((readyOps & SelectionKey.OP_WRITE) != 0) {
            send(registration, channel);
        }
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            receive(registration, channel);
        }
    }

    private void send(Registration registration, SocketChannel channel) throws IOException {
        if (!outbound.hasRemaining() && !stream.exhausted()) {
            outbound.clear();
            stream.nextChunk(outbound);
            outbound.flip();
        }
        channel.write(outbound);
        if (!outbound.hasRemaining() && stream.exhausted() && !outputShut) {
            outputShut = true;
            channel.shutdownOutput(); // the echo server closes once it has sent everything back
            registration.removeInterest(SelectionKey.OP_WRITE);
        }
    }

    private void receive(Registration registration, SocketChannel channel) throws IOException {
        inbound.clear();
        int count = channel.read(inbound);
        if (count > 0) {
            received.update(inbound.array(), 0, count);
            receivedBytes += count;
            return;
        }
        if (count < 0) {
            result.complete(new Result(stream.length(), receivedBytes, stream.digest(), received.digest(),
                    registration.loop().index()));
            registration.close();
        }
    }

    @Override
    public void closed(Registration registration) {
        result.completeExceptionally(new IOException("closed before the echo ended: " + registration));
    }
}
