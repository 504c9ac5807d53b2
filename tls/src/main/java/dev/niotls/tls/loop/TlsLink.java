package dev.niotls.tls.loop;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsVersion;
import java.nio.ByteBuffer;

/** A {@link Link} over a {@link TlsConnection}: every call goes straight through. */
final class TlsLink implements Link {
    private final TlsConnection connection;

    TlsLink(TlsConnection connection) {
        this.connection = connection;
    }

    @Override
    public int doHandshake() {
        return connection.doHandshake();
    }

    @Override
    public int write(ByteBuffer src) {
        return connection.write(src);
    }

    @Override
    public int read(ByteBuffer dst) {
        return connection.read(dst);
    }

    @Override
    public int shutdown() {
        return connection.shutdown();
    }

    @Override
    public TlsError getError(int ret) {
        return connection.getError(ret);
    }

    @Override
    public boolean hasPending() {
        return connection.hasPending();
    }

    @Override
    public boolean hasPendingWrite() {
        return connection.hasPendingWrite();
    }

    @Override
    public boolean isCloseNotifySent() {
        return connection.isCloseNotifySent();
    }

    @Override
    public boolean protocolOutputDue() {
        return connection.protocolOutputPending();
    }

    @Override
    public int renegotiations() {
        return connection.renegotiations();
    }

    @Override
    public TlsVersion version() {
        return connection.version();
    }

    @Override
    public int keyUpdate(boolean requestPeerUpdate) {
        return connection.keyUpdate(requestPeerUpdate);
    }

    @Override
    public int renegotiate() {
        return connection.renegotiate();
    }
}
