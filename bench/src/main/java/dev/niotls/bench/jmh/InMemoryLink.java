package dev.niotls.bench.jmh;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.BioPair;

/**
 * A client and a server {@link TlsConnection} joined by a {@link BioPair} and driven by the calling
 * thread, as OpenSSL's {@code ssltest} drives two {@code SSL}s over {@code BIO_new_bio_pair}.
 */
final class InMemoryLink {
    /** A handshake of two in-memory peers takes a handful of rounds; anything near this is a bug. */
    private static final int MAX_HANDSHAKE_ROUNDS = 1_000;

    final BioPair pair;
    final TlsConnection client;
    final TlsConnection server;

    /**
     * @param capacity bytes each direction of the pair holds: at least one full record (16 KiB + 256)
     *     lets a 16 KiB write complete without the reader in between
     */
    InMemoryLink(BenchContexts contexts, int capacity) {
        pair = BioPair.create(capacity, capacity);
        client = contexts.client.newConnection(pair.first());
        server = contexts.server.newConnection(pair.second());
        client.setConnectState();
        server.setAcceptState();
    }

    /** Runs {@code SSL_do_handshake} on both sides in turn until both report 1. */
    void handshake() {
        boolean clientDone = false;
        boolean serverDone = false;
        for (int round = 0; round < MAX_HANDSHAKE_ROUNDS; round++) {
            clientDone = clientDone || step(client);
            serverDone = serverDone || step(server);
            if (clientDone && serverDone) {
                return;
            }
        }
        throw new IllegalStateException("handshake did not finish in " + MAX_HANDSHAKE_ROUNDS + " rounds");
    }

    private static boolean step(TlsConnection connection) {
        int ret = connection.doHandshake();
        if (ret == 1) {
            return true;
        }
        TlsError error = connection.getError(ret);
        if (error != TlsError.WANT_READ && error != TlsError.WANT_WRITE) {
            throw new IllegalStateException(connection + ": " + error + " " + connection.lastReason(),
                    connection.lastException());
        }
        return false;
    }
}
