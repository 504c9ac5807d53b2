package dev.niotls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.record.Tls13Engine;
import dev.niotls.tls.testing.Pump;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SPEC L1 and L3: after a TLS 1.3 handshake the connection runs on niotls's record layer and reaches no Bouncy
 * Castle object; records that arrive behind the Finished in the same read are opened once, by niotls.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandOffTest {
    static final TlsContext SERVER = TlsContext.server().selfSigned("localhost").build();

    static TlsContext client(String protocol) {
        return TlsContext.client().trust(SERVER.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).build();
    }

    static TlsConnection[] handshake(TlsContext server, TlsContext client, int capacity) {
        BioPair pair = BioPair.create(capacity, capacity);
        TlsConnection c = client.newConnection(pair.first());
        TlsConnection s = server.newConnection(pair.second());
        c.setConnectState();
        s.setAcceptState();
        new Pump(c, s).handshake();
        return new TlsConnection[] {c, s};
    }

    @Test
    void L1_L3_noBouncyCastleObjectIsReachableAfterTheHandOff() {
        for (TlsConnection connection : handshake(SERVER, client("TLSv1.3"), 17_000)) {
            assertInstanceOf(Tls13Engine.class, connection.engineForTest());
            List<String> paths = ObjectGraph.pathsTo(connection, "org.bouncycastle", TlsContext.class, Bio.class);
            assertEquals(List.of(), paths, connection.toString());
            assertEquals("TLSv1.3", connection.protocol());
            assertEquals("TLS_AES_128_GCM_SHA256", connection.cipherSuite());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void L1_L2_everySuiteRunsOnTheNiotlsRecordLayerWithKeyUpdates(String suite) {
        // Both ends in one thread share its Ciphers: a record is opened with the key and nonce it was just
        // sealed with (the JDK's ChaCha20-Poly1305 refuses that on the same Cipher object).
        TlsContext client = TlsContext.client().trust(SERVER.certificateChain().get(0)).serverName("localhost")
                .cipherSuites(suite).keyUpdateAfter(5).build();
        TlsConnection[] pair = handshake(SERVER, client, 1_000);
        assertEquals(suite, pair[0].cipherSuite());
        assertInstanceOf(Tls13Engine.class, pair[0].engineForTest());
        assertInstanceOf(Tls13Engine.class, pair[1].engineForTest());
        Pump pump = new Pump(pair[0], pair[1]);
        pump.client().send(1, 200_000, 16384, 100, 5000).receive(2, 150_000, 3000);
        pump.server().send(2, 150_000, 7000, 1).receive(1, 200_000, 4096);
        pump.client().atSent(50_000, () -> pair[0].keyUpdate(true));
        pump.run();
        assertTrue(pair[0].keyUpdatesSent() > 5);
        assertTrue(pair[1].keyUpdatesReceived() > 5);
    }

    @Test
    void L1_theWalkFindsBouncyCastleInATls12Connection() {
        // The check above is only worth something if the walk finds what is there: TLS 1.2 stays on Bouncy Castle.
        for (TlsConnection connection : handshake(SERVER, client("TLSv1.2"), 17_000)) {
            assertFalse(connection.engineForTest() instanceof Tls13Engine);
            assertFalse(ObjectGraph.pathsTo(connection, "org.bouncycastle", TlsContext.class, Bio.class).isEmpty());
        }
    }

    @Test
    void L1_sessionFactsSurviveTheHandOff() {
        TlsConnection[] pair = handshake(SERVER, client("TLSv1.3"), 17_000);
        TlsConnection c = pair[0];
        TlsConnection s = pair[1];
        assertEquals(SERVER.certificateChain(), c.peerCertificates());
        assertEquals(List.of(), s.peerCertificates());
        assertEquals("localhost", c.serverName());
        assertEquals("localhost", s.serverName());
        assertFalse(c.isResumed());
        assertEquals(0, c.renegotiate());
        assertEquals(TlsReason.WRONG_SSL_VERSION, c.lastReason());
    }

    @Test
    void L1_dataBehindTheClientFinishedInOneReadIsOpenedOnce() {
        // The client writes as soon as its handshake completes: its Finished and its first records reach the
        // server's BIO together, so the server reads them in one go and must open the data itself.
        BioPair pair = BioPair.create(64 * 1024, 64 * 1024);
        TlsConnection c = client("TLSv1.3").newConnection(pair.first());
        TlsConnection s = SERVER.newConnection(pair.second());
        c.setConnectState();
        s.setAcceptState();
        byte[] message = "behind the Finished".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.wrap(message);
        int written = -1;
        for (int i = 0; i < 100 && written < 0; i++) {
            written = c.write(out);
            s.doHandshake();
        }
        assertEquals(message.length, written);
        ByteBuffer in = ByteBuffer.allocate(100);
        assertEquals(message.length, s.read(in), s.lastReason().toString());
        assertEquals(new String(message, java.nio.charset.StandardCharsets.US_ASCII),
                new String(in.array(), 0, in.position(), java.nio.charset.StandardCharsets.US_ASCII));
        assertInstanceOf(Tls13Engine.class, s.engineForTest());
        assertEquals(-1, s.read(ByteBuffer.allocate(100)));
        assertEquals(TlsError.WANT_READ, s.getError(-1));
        assertTrue(!s.hasPending());
    }
}
