package dev.niotls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import dev.niotls.tls.testing.TestContexts;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Regression test for a TlsConnection bug found by the reactor's key update test (H4): receiving a
 * KeyUpdate failed the connection with internal_error, because {@code
 * EngineSupport.peekKeyUpdateRequest} called {@code mark()} on the message body, which Bouncy Castle
 * passes as a {@code HandshakeMessageInput} whose {@code mark()} throws UnsupportedOperationException
 * (fixed in the core by reading the request byte without mark/reset). The smallest reproduction: no
 * sockets and no reactor, two connections over a BioPair.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoreKeyUpdateReceiveTest {

    @ParameterizedTest(name = "request peer update: {0}")
    @ValueSource(booleans = {false, true})
    void H4_peerKeyUpdateIsProcessedTransparently(boolean requestPeerUpdate) {
        BioPair pair = BioPair.create(64 * 1024, 64 * 1024);
        TlsConnection client = TestContexts.client(true).newConnection(pair.first());
        TlsConnection server = TestContexts.server(true).newConnection(pair.second());
        client.setConnectState();
        server.setAcceptState();
        new Pump(client, server).handshake();

        assertEquals(1, client.keyUpdate(requestPeerUpdate));
        ByteBuffer data = ByteBuffer.allocate(1000);
        new SeededStream(5).fill(data);
        assertEquals(1000, client.write(data.flip()));

        ByteBuffer received = ByteBuffer.allocate(2000);
        int count = server.read(received);
        assertEquals(1000, count, () -> "read: " + server.getError(count) + " " + server.lastReason()
                + " " + server.lastException() + " cause " + server.lastException().getCause());
        StreamVerifier verifier = new StreamVerifier(5);
        verifier.accept(received.flip());
        verifier.assertComplete(1000);
        assertEquals(1, server.keyUpdatesReceived());
    }
}
