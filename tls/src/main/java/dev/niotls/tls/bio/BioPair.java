package dev.niotls.tls.bio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * Two connected in-memory BIO ends with bounded buffers: the twin of OpenSSL's
 * {@code BIO_new_bio_pair}. What {@link #first()} writes, {@link #second()} reads, and the reverse.
 *
 * <p>Each direction holds at most a fixed number of bytes (SPEC B2): a write that does not fit is
 * partial, or returns 0 ("would block", WANT_WRITE) when the buffer is full; a read from an empty end
 * returns 0 ("would block", WANT_READ), or -1 once the other end has been closed or has shut down its
 * output and everything it wrote has been read. Writing to an end whose peer was closed fails with an
 * {@link IOException}, like {@code EPIPE} on a socket. Small capacities (1, 7, 256 bytes) force every
 * retry path of a TLS connection, which is what OpenSSL's own tests use pairs for.
 *
 * <p>Not thread-safe: both ends are meant to be driven by one thread (a test pump, a benchmark).
 * Allocation-free after {@link #create}.
 */
public final class BioPair {
    private final End first;
    private final End second;

    private BioPair(int firstCapacity, int secondCapacity) {
        ByteRing firstToSecond = new ByteRing(firstCapacity);
        ByteRing secondToFirst = new ByteRing(secondCapacity);
        this.first = new End("first", firstToSecond, secondToFirst);
        this.second = new End("second", secondToFirst, firstToSecond);
    }

    /**
     * A connected pair.
     *
     * @param capacityA how many bytes {@link #first()} can have written that {@link #second()} has not
     *     read yet (OpenSSL's {@code writebuf1})
     * @param capacityB the same for the other direction ({@code writebuf2})
     */
    public static BioPair create(int capacityA, int capacityB) {
        return new BioPair(capacityA, capacityB);
    }

    /** One end (conventionally the client's). */
    public End first() {
        return first;
    }

    /** The other end (conventionally the server's). */
    public End second() {
        return second;
    }

    /** One end of a {@link BioPair}; non-blocking. */
    public static final class End implements Bio {
        private final String name;
        private final ByteRing outbound;
        private final ByteRing inbound;
        private boolean closed;

        End(String name, ByteRing outbound, ByteRing inbound) {
            this.name = name;
            this.outbound = outbound;
            this.inbound = inbound;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (closed) {
                throw new ClosedChannelException();
            }
            if (inbound.size() == 0) {
                // OpenSSL bio_read: an empty buffer is a retry, unless the writer has shut down.
                return inbound.isWriterClosed() ? -1 : 0;
            }
            return inbound.take(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (closed || outbound.isWriterClosed()) {
                throw new ClosedChannelException();
            }
            if (outbound.isReaderClosed()) {
                throw new IOException("Broken pipe: the other end of the BIO pair is closed");
            }
            return outbound.put(src);
        }

        @Override
        public boolean isBlocking() {
            return false;
        }

        /** {@code BIO_shutdown_wr}: the other end reads -1 after the bytes already written. */
        @Override
        public void shutdownOutput() {
            outbound.closeWriter();
        }

        /** Closes both directions: the other end reads -1 after the buffered bytes and cannot write. */
        @Override
        public void close() {
            closed = true;
            outbound.closeWriter();
            inbound.closeReader();
        }

        /** Bytes the other end wrote that this end has not read yet ({@code BIO_ctrl_pending}). */
        public int readable() {
            return inbound.size();
        }

        /** Bytes this end can write before a write returns 0 ({@code BIO_ctrl_get_write_guarantee}). */
        public int writable() {
            return outbound.free();
        }

        /** Bytes this end wrote that the other end has not read yet ({@code BIO_ctrl_wpending}). */
        public int unreadByPeer() {
            return outbound.size();
        }

        @Override
        public String toString() {
            return "BioPair." + name + "[readable=" + inbound.size() + ", unreadByPeer=" + outbound.size() + "]";
        }
    }
}
