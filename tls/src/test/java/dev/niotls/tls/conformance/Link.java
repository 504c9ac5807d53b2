package dev.niotls.tls.conformance;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.ChunkingBio;
import dev.niotls.tls.testing.FlakyBio;
import dev.niotls.tls.testing.LoopbackSockets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/** One opened {@link Transport}: the client's and the server's Bio, and what is behind them. */
final class Link implements AutoCloseable {
    /**
     * Kernel buffer size for socket transports: small, so a large write meets WANT_WRITE, but above the
     * loopback MSS (65483 bytes on Linux): below it the receiver never opens its window by a full segment
     * and every refill waits for the sender's persist timer.
     */
    static final int SOCKET_BUFFER = 256 * 1024;

    final Bio clientBio;
    final Bio serverBio;
    /** The pair behind the BIOs (null for sockets): lets tests look at bytes in flight. */
    final BioPair pair;
    /** The sockets behind the BIOs (null for pairs). */
    final LoopbackSockets sockets;

    private Link(Bio clientBio, Bio serverBio, BioPair pair, LoopbackSockets sockets) {
        this.clientBio = clientBio;
        this.serverBio = serverBio;
        this.pair = pair;
        this.sockets = sockets;
    }

    static Link open(Transport transport) {
        switch (transport) {
            case FLAKY: {
                BioPair pair = BioPair.create(transport.capacity, transport.capacity);
                return new Link(new FlakyBio(pair.first()), new FlakyBio(pair.second()), pair, null);
            }
            case FLAKY_ONE_BYTE: {
                BioPair pair = BioPair.create(transport.capacity, transport.capacity);
                return new Link(new FlakyBio(ChunkingBio.oneByte(pair.first())),
                        new FlakyBio(ChunkingBio.oneByte(pair.second())), pair, null);
            }
            case SOCKET:
            case BLOCKING_SOCKET:
                return sockets(transport.isBlocking());
            default:
                return pair(transport.capacity, transport.capacity);
        }
    }

    /** The same link with the client's and the server's Bio replaced (wrapped) by the given ones. */
    Link withBios(Bio client, Bio server) {
        return new Link(client, server, pair, sockets);
    }

    /** A plain pair of the given capacities (client to server, server to client). */
    static Link pair(int clientToServer, int serverToClient) {
        BioPair pair = BioPair.create(clientToServer, serverToClient);
        return new Link(pair.first(), pair.second(), pair, null);
    }

    private static Link sockets(boolean blocking) {
        try {
            LoopbackSockets sockets = LoopbackSockets.open(blocking);
            for (SocketChannel channel : new SocketChannel[] {sockets.client(), sockets.server()}) {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
            }
            return new Link(new SocketBio(sockets.client()), new SocketBio(sockets.server()), null, sockets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes the client wrote that the server has not read yet (pairs only). */
    int inFlightToServer() {
        return pair.second().readable();
    }

    /** Bytes the server wrote that the client has not read yet (pairs only). */
    int inFlightToClient() {
        return pair.first().readable();
    }

    @Override
    public void close() throws IOException {
        if (sockets != null) {
            sockets.close();
        }
    }
}
