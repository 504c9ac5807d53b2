package dev.niotls.bench.niotls;

import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsVersion;
import dev.niotls.tls.Link;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A {@link Link} straight onto the socket, no TLS: the plain-TCP ceiling, driven by the same
 * {@link dev.niotls.tls.loop.ChannelDriver} as a TLS session and paying nothing for TLS (one socket call
 * per driver call). The codes are OpenSSL's: a socket that takes or gives 0 bytes is WANT_WRITE /
 * WANT_READ, end of stream is ZERO_RETURN, an {@link IOException} is SYSCALL. A partly taken write
 * returns its count; the driver offers the same buffer again, as after a partial TLS write.
 * {@code shutdown()} is {@code shutdownOutput()}: 0 until the peer's end of stream came, then 1.
 */
final class PlainLink implements Link {
    private final SocketChannel channel;
    private TlsError lastError = TlsError.NONE;
    private String failure = "";
    private boolean outputShut;
    private boolean peerEnded;

    PlainLink(SocketChannel channel) {
        this.channel = channel;
    }

    /** The last SYSCALL's exception. */
    String failure() {
        return failure;
    }

    @Override
    public int doHandshake() {
        return 1;
    }

    @Override
    public int write(ByteBuffer src) {
        try {
            int n = channel.write(src);
            return n > 0 || !src.hasRemaining() ? n : fail(TlsError.WANT_WRITE, -1);
        } catch (IOException e) {
            failure = e.toString();
            return fail(TlsError.SYSCALL, -1);
        }
    }

    @Override
    public int read(ByteBuffer dst) {
        try {
            int n = channel.read(dst);
            if (n < 0) {
                peerEnded = true;
                return fail(TlsError.ZERO_RETURN, 0);
            }
            return n > 0 ? n : fail(TlsError.WANT_READ, -1);
        } catch (IOException e) {
            failure = e.toString();
            return fail(TlsError.SYSCALL, -1);
        }
    }

    @Override
    public int shutdown() {
        if (outputShut) {
            return peerEnded ? 1 : fail(TlsError.WANT_READ, -1); // the read pass sees the peer's end
        }
        try {
            channel.shutdownOutput(); // TCP's FIN stands for close_notify
        } catch (IOException e) {
            failure = e.toString();
            return fail(TlsError.SYSCALL, -1);
        }
        outputShut = true;
        return peerEnded ? 1 : 0;
    }

    private int fail(TlsError error, int ret) {
        lastError = error;
        return ret;
    }

    @Override
    public TlsError getError(int ret) {
        return ret > 0 ? TlsError.NONE : lastError;
    }

    @Override
    public boolean hasPending() {
        return false;
    }

    @Override
    public boolean hasPendingWrite() {
        return false;
    }

    @Override
    public boolean isCloseNotifySent() {
        return outputShut;
    }

    @Override
    public boolean protocolOutputPending() {
        return false;
    }

    @Override
    public int renegotiations() {
        return 0;
    }

    @Override
    public TlsVersion version() {
        return null; // plain TCP
    }

    @Override
    public int keyUpdate(boolean requestPeerUpdate) {
        return 0;
    }

    @Override
    public int renegotiate() {
        return 0;
    }
}
