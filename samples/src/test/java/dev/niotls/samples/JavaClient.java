package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.SocketBio;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** A blocking niotls client for tests: echoes a seeded stream through a server, chunk by chunk. */
final class JavaClient {
    private JavaClient() {
    }

    static TlsContext context(Path caPem, String... protocols) {
        return TlsContext.client().trustPem(caPem).serverName("localhost").protocols(protocols).build();
    }

    /** Sends {@code total} bytes of stream {@code seed} in {@code chunk}-byte pieces, verifying each echo, then closes cleanly. */
    static void echo(TlsContext context, int port, long seed, long total, int chunk) throws IOException {
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            TlsConnection tls = context.newConnection(new SocketBio(channel)); // blocking BIO
            tls.setConnectState();
            StreamVerifier verifier = new StreamVerifier(seed);
            ByteBuffer out = ByteBuffer.allocate(chunk);
            ByteBuffer in = ByteBuffer.allocate(chunk);
            for (long sent = 0; sent < total; ) {
                out.clear().limit((int) Math.min(chunk, total - sent));
                SeededBytes.fill(seed, sent, out);
                int length = out.flip().remaining();
                int written = tls.write(out);
                if (written != length) {
                    throw new AssertionError("write: " + tls.getError(written) + " " + tls.lastReason(), tls.lastException());
                }
                for (long echoed = 0; echoed < length; ) {
                    in.clear();
                    int read = tls.read(in);
                    if (read <= 0) {
                        throw new AssertionError("read: " + tls.getError(read) + " " + tls.lastReason(), tls.lastException());
                    }
                    echoed += read;
                    verifier.accept(in.flip());
                }
                sent += length;
            }
            assertNull(verifier.verdict(total));
            assertEquals(0, tls.shutdown()); // our close_notify; the server answers with its own
            int last = tls.shutdown();
            assertEquals(1, last, () -> "second shutdown: " + tls.getError(last) + " " + tls.lastReason());
            assertEquals(TlsError.NONE, tls.getError(last));
        }
    }

    /**
     * Sends {@code request} as it is and returns everything the server answers until it closes (close_notify
     * or end of stream); a server that waits instead fails the caller's timeout.
     */
    static String exchange(TlsContext context, int port, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            TlsConnection tls = context.newConnection(new SocketBio(channel)); // blocking BIO
            tls.setConnectState();
            ByteBuffer out = ByteBuffer.wrap(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            int written = tls.write(out);
            if (written != out.limit()) {
                throw new AssertionError("write: " + tls.getError(written) + " " + tls.lastReason(), tls.lastException());
            }
            StringBuilder answer = new StringBuilder();
            ByteBuffer in = ByteBuffer.allocate(4096);
            for (int read = tls.read(in); read > 0; read = tls.read(in.clear())) {
                answer.append(new String(in.array(), 0, read, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            return answer.toString();
        }
    }
}
