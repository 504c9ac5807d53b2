package dev.niotls.tls.testing;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.reactor.TlsServer;
import dev.niotls.tls.reactor.TlsServerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A small HTTPS server for the operations tests: answers every request with "ok" and keeps the connection
 * open (HTTP/1.1 keep-alive), so curl and openssl s_client both have something to talk to.
 */
public final class OpsServer implements AutoCloseable {
    public static final String BODY = "ok\n";
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nContent-Length: " + BODY.length()
            + "\r\nContent-Type: text/plain\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);

    public final EventLoopGroup group;
    public final TlsServer server;

    public OpsServer(TlsContext context) throws IOException {
        this(context, TlsServerOptions.defaults());
    }

    private static final java.util.concurrent.atomic.AtomicInteger GROUPS = new java.util.concurrent.atomic.AtomicInteger();
    /** The name prefix of this server's loop thread: unique, so tests can tell its JFR events from others'. */
    public final String threadPrefix = "ops-server-" + GROUPS.incrementAndGet();

    public OpsServer(TlsContext context, TlsServerOptions options) throws IOException {
        this.group = new EventLoopGroup(dev.niotls.reactor.LoopConfig.defaults().loops(1).threadNamePrefix(threadPrefix));
        this.server = TlsServer.start(group, new InetSocketAddress("127.0.0.1", 0), context, options,
                () -> (channel, data) -> {
                    String text = StandardCharsets.US_ASCII.decode(data).toString();
                    if (text.contains("\r\n\r\n") || text.contains("\n")) {
                        channel.send(ByteBuffer.wrap(RESPONSE.clone()));
                    }
                });
    }

    public static int responseLength() {
        return RESPONSE.length;
    }

    public int port() {
        return server.localAddress().getPort();
    }

    @Override
    public void close() {
        server.close();
        group.close();
    }
}
