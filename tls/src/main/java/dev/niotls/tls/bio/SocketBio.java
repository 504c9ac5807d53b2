package dev.niotls.tls.bio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A {@link Bio} over a connected {@link SocketChannel}: the twin of OpenSSL's {@code BIO_s_socket}.
 *
 * <p>The channel's own blocking mode decides the behaviour, checked at each call (so a channel may be
 * switched, as an fd may be with {@code O_NONBLOCK}):
 * <ul>
 *   <li>non-blocking: a read or write that moves 0 bytes returns 0 ("would block": the connection
 *       reports WANT_READ or WANT_WRITE), a read at end of stream returns -1 (SPEC B1);</li>
 *   <li>blocking: each call waits until it moves at least one byte (or reads end of stream), so 0 is
 *       returned only for an empty buffer.</li>
 * </ul>
 * A reset or any other transport failure surfaces as the channel's {@link IOException}.
 * Allocation-free. Not thread-safe beyond what {@link SocketChannel} itself guarantees.
 */
public final class SocketBio implements Bio {
    private final SocketChannel channel;

    /** Wraps {@code channel}; closing this BIO closes the channel. */
    public SocketBio(SocketChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** The wrapped channel (for a selector registration, say). */
    public SocketChannel channel() {
        return channel;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        int read = channel.read(dst); // IO block (in blocking mode)
        // A blocking SocketChannel read already waits for one byte; the loop only guards the contract
        // "a blocking BIO never returns 0 for a non-empty buffer" against a spurious empty return.
        while (read == 0 && channel.isBlocking()) {
            read = channel.read(dst); // IO block
        }
        return read;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (!src.hasRemaining()) {
            return 0;
        }
        int written = channel.write(src); // IO block (in blocking mode)
        while (written == 0 && channel.isBlocking()) {
            written = channel.write(src); // IO block
        }
        return written;
    }

    @Override
    public boolean isBlocking() {
        return channel.isBlocking();
    }

    /** Half-closes the socket ({@code shutdown(fd, SHUT_WR)}): the peer reads end of stream. */
    @Override
    public void shutdownOutput() throws IOException {
        if (channel.isOpen()) {
            channel.shutdownOutput();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "SocketBio[" + channel + "]";
    }
}
