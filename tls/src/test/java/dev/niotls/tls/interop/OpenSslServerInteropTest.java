package dev.niotls.tls.interop;

import static dev.niotls.tls.interop.OpenSslExchange.FROM_OPENSSL;
import static dev.niotls.tls.interop.OpenSslExchange.TO_OPENSSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.BlockingPeer;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * niotls as a client against a real {@code openssl s_server} (SPEC section 9): handshake, a seeded
 * stream each way checked end to end (niotls's bytes found in s_server's stdout, s_server's stdin text
 * verified by niotls), close_notify, TLS 1.2 renegotiation started by either side and TLS 1.3 KeyUpdates
 * both ways, all mid-transfer. Non-blocking {@link SelectorDriver} and blocking {@link BlockingPeer}.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenSslServerInteropTest {
    private static final long SEED_OUT = 0x5EED_0001L;
    private static final long SEED_IN = 0x5EED_0002L;

    @TempDir
    Path dir;

    private ChildProcess server;
    private SocketChannel channel;
    private OpenSslExchange exchange;
    private SelectorDriver driver;

    @AfterEach
    void cleanUp() throws IOException {
        if (exchange != null) {
            exchange.close();
        }
        if (driver != null) {
            driver.close();
        }
        if (channel != null) {
            channel.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void W12_R4_S1_S2_dataBothWaysThenCloseNotify_nonBlocking(String protocol) throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = connect(protocol, false, List.of());
        driver.handshake(deadline);
        assertEquals(protocol, connection.protocol());

        exchange.bothWays(driver, feeder -> feeder, deadline);

        // s_server answers our close_notify with its own (SSL_ERROR_ZERO_RETURN -> "DONE", SSL_shutdown).
        assertEquals(0, driver.shutdown(true, deadline), "first shutdown() before the peer's close_notify");
        assertTrue(connection.isCloseNotifyReceived());
        server.awaitStdout("DONE", deadline);
        server.awaitExit(deadline);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"})
    void L1_L2_everyTls13SuiteOnTheNiotlsRecordLayer(String suite) throws Exception {
        // The RFC 8448 vectors cover AES-128-GCM only; this checks each suite's AEAD and hash against OpenSSL,
        // with s_server's KeyUpdate ("K", asking for ours) in the middle of its stream.
        long deadline = Loopback.deadline(50);
        TlsConnection connection = connect("TLSv1.3", false, List.of("-ciphersuites", suite));
        driver.handshake(deadline);
        assertEquals(suite, connection.cipherSuite());
        exchange.bothWays(driver, feeder -> feeder.command(FROM_OPENSSL / 2, "K", p -> p.keyUpdatesReceived() >= 1,
                "s_server's KeyUpdate"), deadline);
        assertTrue(connection.keyUpdatesSent() >= 1, "our reply to s_server's update_requested");
        assertEquals(0, driver.shutdown(true, deadline), "first shutdown() before the peer's close_notify");
        server.awaitStdout("DONE", deadline);
        server.awaitExit(deadline);
    }

    @Test
    void H3_renegotiationByServerAndByClientMidTransfer_tls12_nonBlocking() throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = connect("TLSv1.2", false, List.of("-client_renegotiation"));
        driver.handshake(deadline);

        // s_server "r": SSL_renegotiate + SSL_do_handshake, a HelloRequest in the middle of its stream.
        StdinFeeder feeder = exchange.feeder(driver.progress(), deadline)
                .command(FROM_OPENSSL / 2, "r", p -> p.renegotiations() >= 1, "the renegotiation s_server asked for")
                .start();
        // And ours, in the middle of our stream, once the server's is done.
        StreamSource source = new StreamSource(SEED_OUT, TO_OPENSSL, 10_000);
        TextStream.Verifier verifier = new TextStream.Verifier(SEED_IN);
        driver.run(source, verifier::accept, () -> verifier.received() >= FROM_OPENSSL / 2
                && connection.renegotiations() >= 1, deadline);
        assertEquals(1, connection.renegotiate(), "renegotiate() " + connection.lastReason());
        driver.run(source, verifier::accept, () -> source.finished() && verifier.received() == FROM_OPENSSL
                && connection.renegotiations() >= 2, deadline);
        feeder.join();
        verifier.assertComplete(FROM_OPENSSL);
        new CapturedStream(SEED_OUT, TO_OPENSSL).awaitIn(server, deadline);
        assertEquals(2, connection.renegotiations());
        assertTrue(connection.isSecureRenegotiation());
        assertEquals(0, driver.shutdown(true, deadline));
        server.awaitExit(deadline);
    }

    /** H4 both ways, one direction at a time ({@link OpenSslExchange#keyUpdatesBothWays}). */
    @Test
    void H4_keyUpdatesBothWaysMidTransfer_tls13_nonBlocking() throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = connect("TLSv1.3", false, List.of());
        driver.handshake(deadline);
        exchange.keyUpdatesBothWays(connection, driver, deadline);
        server.awaitExit(deadline);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void W10_R3_renegotiationOrKeyUpdateMidTransfer_blocking(String protocol) throws Exception {
        long deadline = Loopback.deadline(50);
        boolean tls12 = protocol.equals("TLSv1.2");
        TlsConnection connection = connect(protocol, true, tls12 ? List.of("-client_renegotiation") : List.of());
        BlockingPeer peer = new BlockingPeer("niotls client", connection).handshake();

        // Our stream first (s_server only reads then), with our request in the middle: a blocking write
        // drives our renegotiation, reading s_server's answers (W10); a KeyUpdate just goes out.
        peer.send(SEED_OUT, TO_OPENSSL / 2, 10_000);
        assertEquals(1, tls12 ? connection.renegotiate() : connection.keyUpdate(true));
        peer.send(SEED_OUT + 1, TO_OPENSSL / 2, 10_000);
        new CapturedStream(SEED_OUT, TO_OPENSSL / 2).awaitIn(server, deadline);
        new CapturedStream(SEED_OUT + 1, TO_OPENSSL / 2).awaitIn(server, deadline);

        // Then s_server's stream, with its request in the middle, handled inside blocking reads (R3).
        Progress progress = new Progress();
        StdinFeeder feeder = exchange.feeder(progress, deadline)
                .command(FROM_OPENSSL / 2, tls12 ? "r" : "K", tls12 ? "write hello request" : "write server key update")
                .start();
        TextStream.Verifier verifier = new TextStream.Verifier(SEED_IN);
        ByteBuffer dst = ByteBuffer.allocate(8192);
        while (verifier.received() < FROM_OPENSSL) {
            dst.clear();
            int result = connection.read(dst);
            if (result <= 0) {
                throw new AssertionError("blocking read returned " + result + " / " + connection.getError(result)
                        + ", " + connection.lastReason(), connection.lastException());
            }
            dst.flip();
            verifier.accept(dst);
            progress.publish(verifier.received(), connection);
        }
        feeder.join();
        verifier.assertComplete(FROM_OPENSSL);
        if (tls12) {
            // TLS 1.2 lets application data flow during a renegotiation: s_server may have sent the rest of its
            // stream before its Finished (this assertion failed once). A blocking SSL_do_handshake completes what
            // is left of the renegotiation, and returns 1 at once when nothing is (H1).
            assertEquals(1, connection.doHandshake(), () -> String.valueOf(connection.lastReason()));
            assertEquals(2, connection.renegotiations());
        } else {
            // Its answer to our keyUpdate(true), then its "K".
            assertEquals(2, connection.keyUpdatesReceived());
            // Ours, then our answer to "K", carried by the zero-length write that flushes (W9).
            assertEquals(0, connection.write(ByteBuffer.allocate(0)));
            assertEquals(TlsError.SYSCALL, connection.getError(0));
            assertEquals(2, connection.keyUpdatesSent());
        }
        // Blocking: the first call sends our close_notify (0), the second reads s_server's answer (1).
        assertEquals(0, connection.shutdown());
        assertEquals(1, connection.shutdown(), () -> "second shutdown(): " + connection.lastReason());
        server.awaitExit(deadline);
    }

    // ---- fixture ----

    /** Starts s_server for {@code protocol} and connects a niotls client to it. */
    private TlsConnection connect(String protocol, boolean blocking, List<String> extra) throws Exception {
        TestCertificates certificates = TestCertificates.localhost();
        Path certificate = certificates.writeCertificatePem(dir.resolve("server.pem"));
        Path key = certificates.writeKeyPem(dir.resolve("server.key"));
        int port = Loopback.freePort();
        List<String> arguments = new ArrayList<>(List.of("s_server", "-accept", "127.0.0.1:" + port, "-naccept", "1",
                "-cert", certificate.toString(), "-key", key.toString(),
                protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2",
                // -state: the info callback's lines on stderr show when a command was taken.
                "-state"));
        arguments.addAll(extra);
        server = ChildProcess.openssl("s_server", arguments);
        server.awaitStdout("ACCEPT", Loopback.deadline(10));
        exchange = new OpenSslExchange(server, "s_server", SEED_OUT, SEED_IN);

        TlsContext context = TlsContext.client().trustPem(certificate).serverName("localhost")
                .protocols(protocol).build();
        channel = Loopback.connect(port, blocking);
        TlsConnection connection = context.newConnection(new SocketBio(channel));
        connection.setConnectState();
        if (!blocking) {
            driver = new SelectorDriver("niotls client", connection, channel).describePeer(server::describe);
        }
        return connection;
    }
}
