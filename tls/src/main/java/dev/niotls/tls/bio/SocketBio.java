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
 *
 * <p>An owner that watches the socket with a selector may {@linkplain #skippingEmptyReads skip empty reads}.
 */
public final class SocketBio implements Bio {
    /** Every read is a system call. */
    private static final byte READ_ALWAYS = 0;
    /** Made by {@link #skippingEmptyReads}, and the socket may have bytes to read. */
    private static final byte READ_UNTIL_SHORT = 1;
    /** Made by {@link #skippingEmptyReads}, and the last read emptied the socket: 0 until {@link #readable()}. */
    private static final byte DRAINED = 2;

    private final SocketChannel channel;
    private byte readState = READ_ALWAYS;

    /** Wraps {@code channel}; closing this BIO closes the channel. */
    public SocketBio(SocketChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
    }

    /** The wrapped channel (for a selector registration, say). */
    public SocketChannel channel() {
        return channel;
    }

    /**
     * A BIO over {@code channel} for an owner that watches the socket with a level-triggered selector and calls
     * {@link #readable()} each time it reports the socket readable: a read that got fewer bytes than it had room
     * for emptied the socket's receive queue, so until {@code readable()} a read returns 0 ("would block") without
     * asking the kernel, whose answer would only be {@code EAGAIN}. Bytes that arrive meanwhile are not lost: the
     * selector reports them, as it would after that {@code EAGAIN}. Saves a system call per record a peer sends in
     * reply (about one in three reads of a short HTTPS connection); Netty's epoll transport stops reading after a
     * short read for the same reason. For a non-blocking channel only.
     */
    public static SocketBio skippingEmptyReads(SocketChannel channel) {
        SocketBio bio = new SocketBio(channel);
        bio.readState = READ_UNTIL_SHORT;
        return bio;
    }

    /** The selector reported the socket readable: the next read asks the kernel again. */
    public void readable() {
        if (readState == DRAINED) {
            readState = READ_UNTIL_SHORT;
        }
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (readState != READ_ALWAYS) {
            return readUntilShort(dst);
        }
        int read = channel.read(dst); // IO block (in blocking mode)
        // A blocking SocketChannel read already waits for one byte; the loop only guards the contract
        // "a blocking BIO never returns 0 for a non-empty buffer" against a spurious empty return.
        while (read == 0 && channel.isBlocking()) {
            read = channel.read(dst); // IO block
        }
        return read;
    }

    private int readUntilShort(ByteBuffer dst) throws IOException {
        if (readState == DRAINED) {
            return 0;
        }
        int read = channel.read(dst);
        if (read >= 0 && dst.hasRemaining()) {
            readState = DRAINED; // short (or empty): the receive queue is empty now; -1 stays readable
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
