package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.Loopback;
import dev.niotls.tls.testing.LoopbackSockets;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * niotls against the JDK's own TLS ({@code SSLSocket}, SunJSSE) on loopback, in both roles, TLS 1.2 and
 * 1.3 (SPEC section 9): handshake with verification on both sides, a seeded stream each way, close_notify
 * started by either side, TLS 1.2 renegotiation started by either side mid-transfer (the JDK's
 * {@code startHandshake()} on an established socket), and TLS 1.3 KeyUpdates the JDK answers. niotls runs
 * in the test thread on a non-blocking SocketBio in a {@link SelectorDriver}; the JDK in a thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdkSocketInteropTest {
    private static final long TO_JDK = 2L << 20;
    private static final long FROM_JDK = 1L << 20;
    private static final long SEED_OUT = 0x0DC0_0001L;
    private static final long SEED_IN = 0x0DC0_0002L;

    private LoopbackSockets sockets;
    private SelectorDriver driver;
    private Background jdk;

    @AfterEach
    void cleanUp() throws IOException {
        if (jdk != null) {
            jdk.stop();
        }
        if (driver != null) {
            driver.close();
        }
        if (sockets != null) {
            sockets.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void W12_S1_S2_niotlsServer_jdkClient_weCloseFirst(String protocol) throws Exception {
        long deadline = Loopback.deadline(50);
        TlsContext context = TlsContext.server().selfSigned("localhost").protocols(protocol).build();
        sockets = LoopbackSockets.open(false);
        SSLSocket socket = jdkSocket(JdkTls.clientContext(context.certificateChain().get(0)), true, protocol);
        jdk = Background.start("jdk client", () -> {
            socket.startHandshake();
            JdkTls.receive(socket.getInputStream(), SEED_OUT, TO_JDK);
            JdkTls.send(socket.getOutputStream(), SEED_IN, FROM_JDK, null);
            JdkTls.expectEof(socket.getInputStream()); // our close_notify
            socket.close(); // and its own
        });
        TlsConnection connection = niotls(context, false);
        driver.handshake(deadline);
        assertEquals(protocol, connection.protocol());
        boolean tls13 = protocol.equals("TLSv1.3");
        StreamSource source = new StreamSource(SEED_OUT, TO_JDK, 10_000);
        if (tls13) {
            // The JDK answers a requested KeyUpdate with its own (RFC 8446 4.6.3).
            source.at(TO_JDK / 2, () -> assertEquals(1, connection.keyUpdate(true)));
        }
        StreamVerifier verifier = new StreamVerifier(SEED_IN);
        driver.run(source, verifier::accept, () -> source.finished() && verifier.received() == FROM_JDK, deadline);
        verifier.assertComplete(FROM_JDK);
        assertEquals(0, driver.shutdown(true, deadline), "first shutdown() before the JDK's close_notify");
        jdk.join(deadline);
        if (tls13) {
            assertEquals(1, connection.keyUpdatesSent());
            assertEquals(1, connection.keyUpdatesReceived(), "the JDK's answer to our KeyUpdate");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void W12_R4_S1_niotlsClient_jdkServer_jdkClosesFirst(String protocol) throws Exception {
        long deadline = Loopback.deadline(50);
        TestCertificates certificates = TestCertificates.localhost();
        sockets = LoopbackSockets.open(false);
        SSLSocket socket = jdkSocket(JdkTls.serverContext(certificates), false, protocol);
        jdk = Background.start("jdk server", () -> {
            socket.startHandshake();
            JdkTls.receive(socket.getInputStream(), SEED_OUT, TO_JDK);
            JdkTls.send(socket.getOutputStream(), SEED_IN, FROM_JDK, null);
            socket.close(); // close_notify first
        });
        TlsContext context = TlsContext.client().trust(certificates.certificate()).serverName("localhost")
                .protocols(protocol).build();
        TlsConnection connection = niotls(context, true);
        driver.handshake(deadline);
        assertEquals(protocol, connection.protocol());
        StreamSource source = new StreamSource(SEED_OUT, TO_JDK, 10_000);
        StreamVerifier verifier = new StreamVerifier(SEED_IN);
        driver.run(source, verifier::accept, () -> source.finished() && driver.peerClosed(), deadline);
        verifier.assertComplete(FROM_JDK);
        assertEquals(0, connection.read(ByteBuffer.allocate(64)));
        assertEquals(TlsError.ZERO_RETURN, connection.getError(0));
        assertEquals(1, connection.shutdown(), "shutdown() after the peer's close_notify: " + connection.lastReason());
        jdk.join(deadline);
    }

    /** The JDK server's renegotiation (HelloRequest) mid-stream, then ours (a new ClientHello) mid-stream. */
    @Test
    void H3_renegotiationBothWays_niotlsClient_jdkServer_tls12() throws Exception {
        long deadline = Loopback.deadline(50);
        TestCertificates certificates = TestCertificates.localhost();
        sockets = LoopbackSockets.open(false);
        SSLSocket socket = jdkSocket(JdkTls.serverContext(certificates), false, "TLSv1.2");
        jdk = Background.start("jdk server", () -> {
            socket.startHandshake();
            JdkTls.receive(socket.getInputStream(), SEED_OUT, TO_JDK);
            JdkTls.send(socket.getOutputStream(), SEED_IN, FROM_JDK, socket::startHandshake);
            JdkTls.expectEof(socket.getInputStream());
            socket.close();
        });
        TlsContext context = TlsContext.client().trust(certificates.certificate()).serverName("localhost")
                .protocols("TLSv1.2").build();
        TlsConnection connection = niotls(context, true);
        renegotiateBothWays(connection, deadline);
    }

    /** The JDK client's renegotiation (new ClientHello) mid-stream, then ours (HelloRequest) mid-stream. */
    @Test
    void H3_renegotiationBothWays_niotlsServer_jdkClient_tls12() throws Exception {
        long deadline = Loopback.deadline(50);
        TlsContext context = TlsContext.server().selfSigned("localhost").protocols("TLSv1.2")
                .options(TlsOption.ALLOW_CLIENT_RENEGOTIATION).build();
        sockets = LoopbackSockets.open(false);
        SSLSocket socket = jdkSocket(JdkTls.clientContext(context.certificateChain().get(0)), true, "TLSv1.2");
        jdk = Background.start("jdk client", () -> {
            socket.startHandshake();
            JdkTls.receive(socket.getInputStream(), SEED_OUT, TO_JDK);
            JdkTls.send(socket.getOutputStream(), SEED_IN, FROM_JDK, socket::startHandshake);
            JdkTls.expectEof(socket.getInputStream());
            socket.close();
        });
        TlsConnection connection = niotls(context, false);
        renegotiateBothWays(connection, deadline);
    }

    /**
     * Ours in the middle of our stream (the JDK reads then and answers inside its read), the JDK's in the
     * middle of its stream (it keeps writing; we read, and the JDK finishes the handshake in its next read).
     */
    private void renegotiateBothWays(TlsConnection connection, long deadline) throws Exception {
        driver.handshake(deadline);
        StreamSource source = new StreamSource(SEED_OUT, TO_JDK, 10_000)
                .at(TO_JDK / 2, () -> assertEquals(1, connection.renegotiate()));
        StreamVerifier verifier = new StreamVerifier(SEED_IN);
        driver.run(source, verifier::accept, () -> source.finished() && verifier.received() == FROM_JDK
                && connection.renegotiations() == 2, deadline);
        verifier.assertComplete(FROM_JDK);
        assertEquals(2, connection.renegotiations());
        assertTrue(connection.isSecureRenegotiation());
        assertEquals(0, driver.shutdown(true, deadline));
        jdk.join(deadline);
    }

    // ---- fixture ----

    /** The JDK's end: the other loopback socket, blocking, under an SSLSocket. */
    private SSLSocket jdkSocket(SSLContext context, boolean client, String protocol) throws IOException {
        var channel = client ? sockets.client() : sockets.server();
        channel.configureBlocking(true);
        return JdkTls.layer(context, channel.socket(), client, protocol);
    }

    private TlsConnection niotls(TlsContext context, boolean client) throws IOException {
        var channel = client ? sockets.client() : sockets.server();
        RecordTap tap = new RecordTap(new SocketBio(channel));
        TlsConnection connection = context.newConnection(tap);
        if (client) {
            connection.setConnectState();
        } else {
            connection.setAcceptState();
        }
        driver = new SelectorDriver(client ? "niotls client" : "niotls server", connection, channel)
                .describePeer(() -> "records niotls sent: " + tap.summary()
                        + (jdk == null || jdk.failure() == null ? "" : "\nJDK side failed: " + jdk.failure()));
        return connection;
    }
}
