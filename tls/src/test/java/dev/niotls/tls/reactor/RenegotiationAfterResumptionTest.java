package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.testing.TestContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS 1.2 renegotiation and session resumption together, found by the soak: Bouncy Castle 1.84's
 * server takes a renegotiation on a resumed connection for another resumption (a null master secret,
 * internal_error), and a session made by a renegotiation failed to resume later. niotls refuses
 * renegotiation on a resumed server connection as any refused one (H3: a no_renegotiation warning,
 * fatal for the initiator with NO_RENEGOTIATION, as in OpenSSL 3), and caches only the session of a
 * connection's first handshake. Real loopback sockets, niotls on both sides.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RenegotiationAfterResumptionTest {
    private final EventLoopGroup group = new EventLoopGroup(1);
    private final SoakWatchdog watchdog = new SoakWatchdog(Duration.ofSeconds(30));
    private final CompletableFuture<TlsChannel> serverChannel = new CompletableFuture<>();
    private final CompletableFuture<Throwable> serverFailure = new CompletableFuture<>();
    private TlsServer server;
    private TlsContext client;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        group.close();
    }

    private void start() throws IOException {
        server = TlsServer.start(group, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(false), TlsServerOptions.defaults(), () -> new TlsHandler() {
                    private final EchoServer echo = new EchoServer();

                    @Override
                    public void onHandshake(TlsChannel channel) {
                        if (channel.connection().isResumed()) {
                            serverChannel.complete(channel);
                        }
                    }

                    @Override
                    public void onData(TlsChannel channel, ByteBuffer data) {
                        echo.onData(channel, data);
                    }

                    @Override
                    public void onWritable(TlsChannel channel) {
                        echo.onWritable(channel);
                    }

                    @Override
                    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
                        if (cause != null) {
                            serverFailure.complete(cause);
                        }
                    }
                });
        // Its own context, so that its session cache holds only this test's sessions.
        client = TlsContext.client().trust(TestContexts.server(false).certificateChain().get(0))
                .serverName("localhost").protocols("TLSv1.2").build();
    }

    private BlockingTlsClient connect(long seed) throws IOException {
        BlockingTlsClient connection = BlockingTlsClient.connect(server.localAddress(), client,
                UnaryOperator.identity(), watchdog, seed);
        connection.handshake();
        return connection;
    }

    /** A full handshake, then a renegotiation: the first handshake's session is the one cached. */
    private void firstConnectionRenegotiates() throws IOException {
        try (BlockingTlsClient first = connect(1)) {
            assertFalse(first.tls().isResumed());
            first.echo(1000);
            assertEquals(1, first.tls().renegotiate());
            first.echo(1000);
            first.echo(1000);
            assertEquals(1, first.tls().renegotiations());
            first.closeCleanly();
        }
    }

    @Test
    void H3_theSessionOfTheFirstHandshakeResumesAfterARenegotiation() throws Exception {
        start();
        firstConnectionRenegotiates();
        try (BlockingTlsClient second = connect(2)) {
            assertTrue(second.tls().isResumed(), "the session of the first connection's first handshake");
            second.echo(5000);
            second.closeCleanly();
        }
    }

    @Test
    void H3_aClientRenegotiationOnAResumedConnectionIsRefusedNotAnInternalError() throws Exception {
        start();
        firstConnectionRenegotiates();
        try (BlockingTlsClient resumed = connect(3)) {
            assertTrue(resumed.tls().isResumed());
            resumed.echo(1000);
            assertEquals(1, resumed.tls().renegotiate(), "scheduling is local; the server refuses");
            IOException refused = assertThrows(IOException.class, () -> resumed.echo(1000));
            assertEquals(TlsReason.NO_RENEGOTIATION, resumed.tls().lastReason(), refused::toString);
        }
        TlsException atServer = (TlsException) serverFailure.get(10, TimeUnit.SECONDS);
        // The client's handshake_failure after our no_renegotiation warning; never our internal_error.
        assertEquals(TlsReason.ALERT_RECEIVED, atServer.reason(), atServer::toString);
    }

    @Test
    void H3_aServerDoesNotStartARenegotiationOnAResumedConnection() throws Exception {
        start();
        firstConnectionRenegotiates();
        try (BlockingTlsClient resumed = connect(4)) {
            resumed.echo(100);
            TlsChannel channel = serverChannel.get(10, TimeUnit.SECONDS);
            assertFalse(Await.onLoop(channel.loop(), channel::renegotiate));
            assertEquals(TlsReason.NO_RENEGOTIATION, Await.onLoop(channel.loop(), () -> channel.connection().lastReason()));
            resumed.echo(1000); // the connection goes on
            resumed.closeCleanly();
        }
    }
}
