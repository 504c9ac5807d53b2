package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.context.TestPki.Issued;
import dev.niotls.tls.context.TestPki.KeyType;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The context through the public connection API ({@code newConnection} over a {@link BioPair}): what a user
 * sees of SNI, ALPN, client certificates and verification failures.
 */
@Timeout(120)
class ConnectionContractTest {
    private static Issued root;
    private static Issued serverLeaf;
    private static Issued clientLeaf;

    @BeforeAll
    static void pki() throws Exception {
        root = TestPki.root("Contract Root", KeyType.EC);
        serverLeaf = TestPki.leaf(root, KeyType.RSA, "api.test");
        clientLeaf = TestPki.leaf(root, KeyType.EC, "client.test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void H2_sessionFactsReflectTheContext(String protocol) throws Exception {
        TlsContext server = TlsContext.server().selfSigned("other.test")
                .keyStore(VerificationTest.keyStore(serverLeaf), "pw".toCharArray())
                .trust(root.certificate()).requireClientCertificate().applicationProtocols("h2", "http/1.1")
                .build();
        TlsContext client = TlsContext.client().trust(root.certificate()).protocols(protocol)
                .keyStore(VerificationTest.keyStore(clientLeaf), "pw".toCharArray())
                .applicationProtocols("http/1.1").build();
        BioPair pair = BioPair.create(512, 512);
        TlsConnection serverSide = server.newConnection(pair.first());
        TlsConnection clientSide = client.newConnection(pair.second());
        serverSide.setAcceptState();
        clientSide.setConnectState();
        clientSide.setServerName("api.test");
        handshake(clientSide, serverSide);
        assertEquals(protocol, clientSide.protocol());
        assertEquals("http/1.1", clientSide.applicationProtocol());
        assertEquals("http/1.1", serverSide.applicationProtocol());
        // serverSide.serverName() is left out: Bouncy Castle clears SecurityParameters.clientServerNames when the
        // handshake ends (TlsProtocol.cleanupHandshake); the connection must ask ContextServer.requestedServerName().
        assertEquals(serverLeaf.certificate(), clientSide.peerCertificates().get(0));
        assertEquals(clientLeaf.certificate(), serverSide.peerCertificates().get(0));
        transfer(clientSide, serverSide, 77);
        transfer(serverSide, clientSide, 78);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void H2_wrongNameIsCertificateVerifyFailed(String protocol) throws Exception {
        TlsContext server = TlsContext.server().keyStore(VerificationTest.keyStore(serverLeaf), "pw".toCharArray())
                .build();
        TlsContext client = TlsContext.client().trust(root.certificate()).serverName("wrong.test")
                .protocols(protocol).build();
        BioPair pair = BioPair.create(512, 512);
        TlsConnection serverSide = server.newConnection(pair.first());
        TlsConnection clientSide = client.newConnection(pair.second());
        serverSide.setAcceptState();
        clientSide.setConnectState();
        int clientResult = clientSide.doHandshake();
        for (int i = 0; i < 1000 && clientSide.getError(clientResult) != TlsError.SSL; i++) {
            serverSide.doHandshake();
            clientResult = clientSide.doHandshake();
        }
        assertEquals(TlsError.SSL, clientSide.getError(clientResult));
        assertEquals(TlsReason.CERTIFICATE_VERIFY_FAILED, clientSide.lastReason());
        assertTrue(String.valueOf(clientSide.lastException()).contains("name mismatch"),
                String.valueOf(clientSide.lastException()));
        assertFalse(clientSide.isHandshakeDone());
        assertNull(clientSide.applicationProtocol());
    }

    private static void handshake(TlsConnection a, TlsConnection b) {
        int resultA = 0;
        int resultB = 0;
        for (int i = 0; i < 10_000 && (resultA != 1 || resultB != 1); i++) {
            resultA = a.doHandshake();
            resultB = b.doHandshake();
            assertRetryOrDone(a, resultA);
            assertRetryOrDone(b, resultB);
        }
        assertEquals(1, resultA);
        assertEquals(1, resultB);
    }

    private static void assertRetryOrDone(TlsConnection connection, int result) {
        if (result != 1) {
            TlsError error = connection.getError(result);
            assertTrue(error == TlsError.WANT_READ || error == TlsError.WANT_WRITE,
                    () -> error + " " + connection.lastReason() + " " + connection.lastException());
        }
    }

    /** Moves a seeded 50,000-byte stream from {@code writer} to {@code reader} and compares it. */
    private static void transfer(TlsConnection writer, TlsConnection reader, long seed) {
        byte[] data = new byte[50_000];
        new Random(seed).nextBytes(data);
        ByteBuffer source = ByteBuffer.wrap(data);
        ByteBuffer sink = ByteBuffer.allocate(data.length);
        for (int i = 0; i < 100_000 && sink.hasRemaining(); i++) {
            if (source.hasRemaining()) {
                int written = writer.write(source);
                if (written <= 0) {
                    assertRetryOrDone(writer, written);
                }
            }
            int read = reader.read(sink);
            if (read <= 0) {
                assertRetryOrDone(reader, read);
            }
        }
        assertTrue(Arrays.equals(data, sink.array()), "the stream arrived intact");
    }
}
