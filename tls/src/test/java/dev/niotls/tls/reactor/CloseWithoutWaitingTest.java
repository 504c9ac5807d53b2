package dev.niotls.tls.reactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.reactor.EventLoopGroup;
import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import dev.niotls.tls.testing.TestContexts;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code awaitPeerCloseNotify(false)}: one {@code SSL_shutdown} (S1), then the socket is closed without waiting
 * for the peer's close_notify (S2), as nginx and Netty close. The close timeout is set far beyond the tests'
 * waits, so a channel that waited for the peer would end as CLOSE_TIMEOUT, not CLEAN.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CloseWithoutWaitingTest {
    private static final long SIZE = 1 << 20;
    private static final Duration LONG_CLOSE = Duration.ofSeconds(120);

    private final EventLoopGroup serverGroup = new EventLoopGroup(1);
    private final EventLoopGroup clientGroup = new EventLoopGroup(1);

    @AfterEach
    void stop() {
        clientGroup.close();
        serverGroup.close();
    }

    @Test
    void S1_serverClosesOnceItsCloseNotifyIsOutWhileThePeerStaysSilent() throws Exception {
        CompletableFuture<CloseReason> serverClosed = new CompletableFuture<>();
        TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(true),
                TlsServerOptions.defaults().closeTimeout(LONG_CLOSE).awaitPeerCloseNotify(false),
                () -> new TlsHandler() {
                    @Override
                    public void onHandshake(TlsChannel channel) {
                        ByteBuffer data = ByteBuffer.allocate((int) SIZE);
                        new SeededStream(41).fill(data);
                        channel.send(data.flip());
                        channel.close(); // the 1 MiB, then close_notify, then the socket closes
                    }

                    @Override
                    public void onData(TlsChannel channel, ByteBuffer data) {
                    }

                    @Override
                    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
                        serverClosed.complete(reason);
                    }
                });
        try (SocketChannel socket = SocketChannel.open(server.localAddress())) {
            socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
            TlsConnection client = TestContexts.client(true).newConnection(new SocketBio(socket));
            client.setConnectState();
            assertEquals(1, client.doHandshake());
            StreamVerifier verifier = new StreamVerifier(41);
            ByteBuffer buffer = ByteBuffer.allocate(16384);
            int read;
            while ((read = client.read(buffer.clear())) > 0) {
                verifier.accept(buffer.flip());
            }
            assertEquals(TlsError.ZERO_RETURN, client.getError(read), "the server's close_notify after its data");
            verifier.assertComplete(SIZE);
            // The client has sent nothing since its Finished: only a server that did not wait closes now.
            assertEquals(CloseReason.CLEAN, serverClosed.get(30, TimeUnit.SECONDS));
            assertEquals(-1, socket.read(ByteBuffer.allocate(1)), "the server closed its socket");
            assertFalse(client.isCloseNotifySent());
        }
        TlsCounters counters = server.counters();
        assertEquals(1, counters.closed(CloseReason.CLEAN), counters::toString);
        assertEquals(0, counters.connectionsOpen());
        assertEquals(0, counters.buffersLent(), counters::toString);
        server.close();
    }

    @Test
    void S1_clientClosesOnceItsCloseNotifyIsOutWhileTheServerNeverReadsIt() throws Exception {
        CompletableFuture<CloseReason> clientClosed = new CompletableFuture<>();
        CompletableFuture<Long> serverReceived = new CompletableFuture<>();
        TlsServer server = TlsServer.start(serverGroup, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                TestContexts.server(false), TlsServerOptions.defaults(), () -> new TlsHandler() {
                    private final StreamVerifier verifier = new StreamVerifier(42);

                    @Override
                    public void onData(TlsChannel channel, ByteBuffer data) {
                        verifier.accept(data);
                        if (verifier.received() == SIZE) {
                            channel.pauseReading(); // the client's close_notify stays unread: no answer ever
                            serverReceived.complete(verifier.received());
                        }
                    }
                });
        TlsClient.connect(clientGroup, server.localAddress(), TestContexts.client(false), "localhost",
                TlsClientOptions.defaults().closeTimeout(LONG_CLOSE).awaitPeerCloseNotify(false), new TlsHandler() {
                    @Override
                    public void onHandshake(TlsChannel channel) {
                        ByteBuffer data = ByteBuffer.allocate((int) SIZE);
                        new SeededStream(42).fill(data);
                        channel.send(data.flip());
                        channel.close();
                    }

                    @Override
                    public void onData(TlsChannel channel, ByteBuffer data) {
                    }

                    @Override
                    public void onClosed(TlsChannel channel, CloseReason reason, Throwable cause) {
                        clientClosed.complete(reason);
                    }
                });
        assertEquals(CloseReason.CLEAN, clientClosed.get(30, TimeUnit.SECONDS));
        assertEquals(SIZE, serverReceived.get(30, TimeUnit.SECONDS));
        assertTrue(TlsClientOptions.defaults().awaitsPeerCloseNotify(), "waiting stays the default");
        assertTrue(TlsServerOptions.defaults().awaitsPeerCloseNotify(), "waiting stays the default");
        server.close();
    }
}
