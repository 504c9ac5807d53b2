package dev.niotls.bench.jmh;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import java.nio.ByteBuffer;

/** An {@link Endpoint} over a {@link TlsConnection}: fails loudly on anything but success or WANT_*. */
final class TlsEndpoint implements Endpoint {
    private final TlsConnection connection;

    TlsEndpoint(TlsConnection connection) {
        this.connection = connection;
    }

    @Override
    public int write(ByteBuffer src) {
        int n = connection.write(src);
        return n > 0 ? n : check(n);
    }

    @Override
    public int read(ByteBuffer dst) {
        int n = connection.read(dst);
        return n > 0 ? n : check(n);
    }

    private int check(int ret) {
        TlsError error = connection.getError(ret);
        if (error == TlsError.WANT_READ || error == TlsError.WANT_WRITE) {
            return -1;
        }
        throw new IllegalStateException(connection + ": " + error + " " + connection.lastReason(),
                connection.lastException());
    }
}
