package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.niotls.tls.ContextPeers;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.testing.Loopback;
import dev.niotls.tls.testing.SeededStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsClient;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerProtocol;

/**
 * A Bouncy Castle server and client, both built from {@link TlsContext}s, handshaking over loopback in BC's
 * blocking mode and exchanging seeded streams: the context tested without {@code TlsConnection}.
 */
final class BcPair {
    static final int LENGTH = 64 * 1024;

    /** What both sides negotiated. */
    record Result(SecurityParameters server, SecurityParameters client, String requestedServerName) {
    }

    private BcPair() {
    }

    /** A BC server handshake on {@code socket} with the context's peer; returns the open protocol. */
    static TlsServerProtocol accept(Socket socket, TlsContext context) throws IOException {
        TlsServerProtocol protocol = new TlsServerProtocol(socket.getInputStream(), socket.getOutputStream());
        protocol.accept(ContextPeers.server(context));
        return protocol;
    }

    /** A BC client handshake on {@code socket}; {@code serverName} may be null for the context's. */
    static TlsClientProtocol connect(Socket socket, TlsContext context, String serverName) throws IOException {
        TlsClientProtocol protocol = new TlsClientProtocol(socket.getInputStream(), socket.getOutputStream());
        protocol.connect(ContextPeers.client(context, serverName));
        return protocol;
    }

    static Result run(TlsContext server, TlsContext client, String serverName) throws Exception {
        return run(server, client, serverName, null);
    }

    /** Handshake and transfer; {@code reuseKey} non-null passes host "127.0.0.1" and the listener's port. */
    static Result run(TlsContext server, TlsContext client, String serverName, Boolean reuseSessions)
            throws Exception {
        try (ServerSocket listener = Loopback.serverSocket()) {
            return run(listener, server, client, serverName, reuseSessions != null && reuseSessions);
        }
    }

    static Result run(ServerSocket listener, TlsContext server, TlsContext client, String serverName,
            boolean reuseSessions) throws Exception {
        CompletableFuture<Object[]> served = Loopback.acceptOnce(listener, socket -> {
            ServerSide tls = new ServerSide(socket.getInputStream(), socket.getOutputStream());
            ContextServer peer = (ContextServer) ContextPeers.server(server);
            tls.accept(peer);
            byte[] received = SeededStream.read(tls.getInputStream(), LENGTH);
            SeededStream.write(tls.getOutputStream(), 12, LENGTH);
            SecurityParameters parameters = tls.parameters();
            tls.close();
            return new Object[] {received, parameters, peer.requestedServerName()};
        });
        SecurityParameters clientParameters;
        try (Socket socket = Loopback.connect(listener)) {
            // BC's blocking protocol closes its streams right after a fatal alert. Closing the socket then, with
            // the server's flight still unread, makes the kernel send an RST (RFC 1122 4.2.2.13), which can reach
            // the server while it still writes that flight: it fails on a reset instead of reading our alert. So
            // BC's close only half-closes; the socket itself closes below, after the server is done.
            ClientSide tls = new ClientSide(new KeptOpenInput(socket.getInputStream()), new HalfClosingOutput(socket));
            TlsClient peer = reuseSessions
                    ? ContextPeers.client(client, serverName, "127.0.0.1", listener.getLocalPort())
                    : ContextPeers.client(client, serverName);
            try {
                tls.connect(peer);
                SeededStream.write(tls.getOutputStream(), 11, LENGTH);
                assertArrayEquals(SeededStream.digest(12, LENGTH),
                        SeededStream.read(tls.getInputStream(), LENGTH));
            } catch (java.io.IOException e) {
                // TLS 1.3: the server judges our certificate after connect() returned, so its failure may show
                // up here as a received alert or a reset; the server's own exception goes with it.
                addServerFailure(e, served);
                throw e;
            }
            clientParameters = tls.parameters();
            tls.close();
        }
        Object[] result = Loopback.await(served);
        assertArrayEquals(SeededStream.digest(11, LENGTH), (byte[]) result[0]);
        return new Result((SecurityParameters) result[1], clientParameters, (String) result[2]);
    }

    /** Attaches the server's own failure, if it failed, to the client's exception for the test report. */
    private static void addServerFailure(Exception clientFailure, CompletableFuture<?> served) {
        try {
            Loopback.await(served);
        } catch (Exception serverFailure) {
            clientFailure.addSuppressed(serverFailure);
        }
    }

    /** The socket's input, not closed by BC's close (the socket's own close does that). */
    private static final class KeptOpenInput extends FilterInputStream {
        KeptOpenInput(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /** The socket's output, whose close sends our FIN ({@code shutdownOutput}) and leaves the input open. */
    private static final class HalfClosingOutput extends FilterOutputStream {
        private final Socket socket;

        HalfClosingOutput(Socket socket) throws IOException {
            super(socket.getOutputStream());
            this.socket = socket;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (!socket.isOutputShutdown() && !socket.isClosed()) {
                out.flush();
                socket.shutdownOutput();
            }
        }
    }

    /** Exposes the protected context of Bouncy Castle's blocking server. */
    static final class ServerSide extends TlsServerProtocol {
        ServerSide(InputStream in, OutputStream out) {
            super(in, out);
        }

        SecurityParameters parameters() {
            return getContext().getSecurityParametersConnection();
        }
    }

    /** Exposes the protected context of Bouncy Castle's blocking client. */
    static final class ClientSide extends TlsClientProtocol {
        ClientSide(InputStream in, OutputStream out) {
            super(in, out);
        }

        SecurityParameters parameters() {
            return getContext().getSecurityParametersConnection();
        }
    }
}
