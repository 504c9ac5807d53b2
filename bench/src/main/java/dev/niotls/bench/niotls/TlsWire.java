package dev.niotls.bench.niotls;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import java.nio.ByteBuffer;

/** A {@link Wire} over a {@link TlsConnection} on a non-blocking {@code SocketBio}. */
final class TlsWire implements Wire {
    private final TlsConnection connection;

    TlsWire(TlsConnection connection) {
        this.connection = connection;
    }

    @Override
    public int handshake() {
        int ret = connection.doHandshake();
        return ret == 1 ? 1 : code(ret);
    }

    @Override
    public int write(ByteBuffer src) {
        int ret = connection.write(src);
        return ret > 0 ? ret : code(ret);
    }

    @Override
    public int read(ByteBuffer dst) {
        int ret = connection.read(dst);
        return ret > 0 ? ret : code(ret);
    }

    @Override
    public boolean hasPending() {
        return connection.hasPending();
    }

    @Override
    public int shutdown() {
        int ret = connection.shutdown();
        return ret >= 0 ? ret : code(ret);
    }

    @Override
    public String describe() {
        return connection.protocol() + " " + connection.cipherSuite();
    }

    @Override
    public String failure() {
        return connection.getError(-1) + " " + connection.lastReason()
                + (connection.lastException() == null ? "" : ": " + connection.lastException().getMessage());
    }

    private int code(int ret) {
        TlsError error = connection.getError(ret);
        switch (error) {
            case WANT_READ:
                return WANT_READ;
            case WANT_WRITE:
                return WANT_WRITE;
            case ZERO_RETURN:
                return CLOSED;
            default:
                return FAILED;
        }
    }
}
