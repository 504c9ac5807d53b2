package dev.niotls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.BlockingPeer;
import dev.niotls.tls.testing.LoopbackSockets;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * R3 and W13 with {@link TlsMode#AUTO_RETRY} cleared on one connection (SSL_clear_mode): the old
 * contract where a non-application record interrupts a read, and a blocking write that had to
 * process the peer's handshake records returns WANT_READ once.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AutoRetryOffTest {
    private static final TlsContext SERVER = TlsContext.server().selfSigned("localhost")
            .options(TlsOption.ALLOW_CLIENT_RENEGOTIATION).build();

    private static TlsContext client(String protocol) {
        return TlsContext.client().trust(SERVER.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).build();
    }

    /** R3: a KeyUpdate (TLS 1.3) or HelloRequest (TLS 1.2) before data makes the next read WANT_READ. */
    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void R3_withoutAutoRetryANonApplicationRecordInterruptsTheRead(String protocol) {
        BioPair pair = BioPair.create(64 * 1024, 64 * 1024);
        TlsConnection client = client(protocol).newConnection(pair.first());
        TlsConnection server = SERVER.newConnection(pair.second());
        client.clearMode(TlsMode.AUTO_RETRY);
        assertFalse(client.hasMode(TlsMode.AUTO_RETRY));
        client.setConnectState();
        server.setAcceptState();
        new Pump(client, server).handshake();

        assertEquals(1, protocol.equals("TLSv1.3") ? server.keyUpdate(false) : server.renegotiate());
        ByteBuffer data = stream(7, 0, 1000);
        assertEquals(1000, server.write(data), "the request goes out first, then the data");

        ByteBuffer dst = ByteBuffer.allocate(4096);
        int first = client.read(dst);
        assertEquals(-1, first, "the non-application record stops the read although data follows");
        assertEquals(TlsError.WANT_READ, client.getError(first));
        assertEquals(0, dst.position());
        int second = client.read(dst);
        assertEquals(1000, second);
        StreamVerifier verifier = new StreamVerifier(7);
        verifier.acceptWritten(dst, 0);
        verifier.assertComplete(1000);
    }

    /** W13: a blocking write that drove our renegotiation returns WANT_READ once, then completes. */
    @Test
    void W13_blockingWriteWithoutAutoRetryReturnsWantReadOnceAfterRenegotiation() throws Exception {
        try (LoopbackSockets sockets = LoopbackSockets.open(true)) {
            TlsConnection client = client("TLSv1.2").newConnection(new SocketBio(sockets.client()));
            TlsConnection server = SERVER.newConnection(new SocketBio(sockets.server()));
            client.clearMode(TlsMode.AUTO_RETRY);
            client.setConnectState();
            server.setAcceptState();
            BlockingPeer serverPeer = new BlockingPeer("server", server);
            CompletableFuture<Void> serverSide = CompletableFuture.runAsync(() -> {
                serverPeer.handshake();
                serverPeer.receive(11, 200_000, 4096);
            });
            BlockingPeer clientPeer = new BlockingPeer("client", client).allowWantRead(true).handshake();
            clientPeer.send(11, 100_000, 10_000);
            assertEquals(0, clientPeer.wantReads(), "no handshake records were processed yet");
            assertEquals(1, client.renegotiate());
            ByteBuffer next = stream(11, 100_000, 200_000); // the renegotiation starts with this write
            int result = client.write(next);
            assertEquals(-1, result, "the write drove the renegotiation (W10) and reports it once");
            assertEquals(TlsError.WANT_READ, client.getError(result));
            assertEquals(100_000, client.write(next), "the identical call completes");
            serverSide.get(30, TimeUnit.SECONDS);
            assertEquals(1, client.renegotiations());
            assertTrue(server.renegotiations() >= 1);
        }
    }

    /** Bytes {@code from} to {@code to} of the seeded stream {@code seed}, ready to write. */
    private static ByteBuffer stream(long seed, int from, int to) {
        SeededStream stream = new SeededStream(seed);
        ByteBuffer skipped = ByteBuffer.allocate(Math.max(1, from));
        stream.fill(skipped, from);
        ByteBuffer bytes = ByteBuffer.allocate(to - from);
        stream.fill(bytes, to - from);
        return bytes.flip();
    }
}
