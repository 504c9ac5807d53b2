package dev.niotls.tls.interop;

import static dev.niotls.tls.interop.OpenSslExchange.FROM_OPENSSL;
import static dev.niotls.tls.interop.OpenSslExchange.TO_OPENSSL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.BlockingPeer;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
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
 * niotls as a server against a real {@code openssl s_client} (SPEC section 9): handshake with a verified
 * certificate (niotls's generated one, trusted with {@code -CAfile}), a seeded stream each way checked
 * end to end, close_notify from either side, TLS 1.2 renegotiation started by either side, refused by
 * default (H3), and TLS 1.3 KeyUpdates both ways, mid-transfer.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OpenSslClientInteropTest {
    private static final long SEED_OUT = 0xC11E_0001L;
    private static final long SEED_IN = 0xC11E_0002L;

    @TempDir
    Path dir;

    private ServerSocketChannel listener;
    private ChildProcess client;
    private SocketChannel channel;
    private OpenSslExchange exchange;
    private SelectorDriver driver;
    private RecordTap tap;

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
        if (listener != null) {
            listener.close();
        }
        if (client != null) {
            client.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void W12_R4_S1_dataBothWaysThenPeerCloseNotify_nonBlocking(String protocol) throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = accept(protocol, false);
        driver.handshake(deadline);
        assertEquals(protocol, connection.protocol());
        client.awaitStderr("verify return:1", deadline);

        exchange.bothWays(driver, feeder -> feeder, deadline);

        // s_client "Q": SSL_shutdown (close_notify), then it exits. Our read sees ZERO_RETURN (R4), and
        // our first shutdown() returns 1 at once, the peer's close_notify being in (S1).
        client.command("Q");
        driver.awaitPeerClose(deadline);
        assertEquals(0, connection.read(ByteBuffer.allocate(100)));
        assertEquals(TlsError.ZERO_RETURN, connection.getError(0));
        assertEquals(1, connection.shutdown());
        client.awaitExit(deadline);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void W12_S1_S2_dataBothWaysThenOurCloseNotify_blocking(String protocol) throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = accept(protocol, true);
        BlockingPeer peer = new BlockingPeer("niotls server", connection).handshake();
        peer.send(SEED_OUT, TO_OPENSSL, 16384);
        new CapturedStream(SEED_OUT, TO_OPENSSL).awaitIn(client, deadline);
        StdinFeeder feeder = exchange.feeder(new Progress(), deadline).start();
        TextStream.Verifier verifier = new TextStream.Verifier(SEED_IN);
        ByteBuffer dst = ByteBuffer.allocate(16384);
        while (verifier.received() < FROM_OPENSSL) {
            dst.clear();
            int result = connection.read(dst);
            if (result <= 0) {
                throw new AssertionError("blocking read: " + result + " / " + connection.getError(result) + ", "
                        + connection.lastReason(), connection.lastException());
            }
            verifier.accept(dst.flip());
        }
        feeder.join();
        verifier.assertComplete(FROM_OPENSSL);

        // Our close_notify first (0), then a blocking second call reads s_client's answer (1).
        assertEquals(0, connection.shutdown());
        assertEquals(1, connection.shutdown(), "second shutdown(): " + connection.lastReason());
        client.awaitExit(deadline);
    }

    /**
     * One stream at a time here, on purpose: s_client starts its "R" renegotiation from the
     * {@code SSL_write} that follows the command, and an OpenSSL client whose handshake runs inside
     * {@code SSL_write} treats application data arriving before the ServerHello as fatal
     * ({@code ossl_statem_app_data_allowed()} wants {@code in_read_app_data}, set only by {@code SSL_read}:
     * "unexpected record"), although RFC 5246 allows the server to send it. So s_client renegotiates in the
     * middle of its own stream while we only read, and we renegotiate in the middle of ours while it only reads.
     */
    @Test
    void H3_renegotiationByServerAndByClientMidTransfer_tls12_nonBlocking() throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = accept("TLSv1.2", false, TlsOption.ALLOW_CLIENT_RENEGOTIATION);
        driver.handshake(deadline);

        // Our HelloRequest in the middle of our stream.
        StreamSource source = new StreamSource(SEED_OUT, TO_OPENSSL, 10_000)
                .at(TO_OPENSSL / 2, () -> assertEquals(1, connection.renegotiate()));
        driver.run(source, buffer -> {
            throw new AssertionError("no data expected yet");
        }, () -> source.finished() && connection.renegotiations() == 1, deadline);
        new CapturedStream(SEED_OUT, TO_OPENSSL).awaitIn(client, deadline);

        // s_client's "R" in the middle of its stream.
        StdinFeeder feeder = exchange.feeder(driver.progress(), deadline)
                .command(FROM_OPENSSL / 2, "R", p -> p.renegotiations() == 2, "s_client's renegotiation")
                .start();
        TextStream.Verifier verifier = new TextStream.Verifier(SEED_IN);
        driver.run(() -> null, verifier::accept, () -> verifier.received() == FROM_OPENSSL, deadline);
        feeder.join();
        verifier.assertComplete(FROM_OPENSSL);
        assertEquals(2, connection.renegotiations());
        assertEquals(1, client.stderr().count("RENEGOTIATING"));
        assertTrue(connection.isSecureRenegotiation());
        assertEquals(0, driver.shutdown(true, deadline));
        client.awaitExit(deadline);
    }

    @Test
    void H3_R6_clientRenegotiationRefusedByDefault_tls12() throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = accept("TLSv1.2", false);
        driver.handshake(deadline);
        client.command("R");
        // OpenSSL 3.x defaults on our side: a no_renegotiation warning. s_client (OpenSSL) then gives up
        // with a fatal handshake_failure, which we report as ALERT_RECEIVED with its code (R6).
        int result = driver.callUntilDone(() -> connection.read(ByteBuffer.allocate(1024)), deadline);
        assertEquals(TlsError.SSL, connection.getError(result), "read: " + result + ", " + connection.lastReason());
        assertEquals(TlsReason.ALERT_RECEIVED, connection.lastReason());
        assertEquals(40, ((TlsException) connection.lastException()).alertDescription(), "handshake_failure");
        client.awaitStderr("no renegotiation", deadline);
        assertEquals(0, connection.renegotiations());
    }

    /** H4 both ways, one direction at a time ({@link OpenSslExchange#keyUpdatesBothWays}). */
    @Test
    void H4_keyUpdatesBothWaysMidTransfer_tls13_nonBlocking() throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = accept("TLSv1.3", false);
        driver.handshake(deadline);
        exchange.keyUpdatesBothWays(connection, driver, deadline);
        client.awaitExit(deadline);
    }

    // ---- fixture ----

    /** A niotls server (generated certificate) and s_client connected to it, trusting that certificate. */
    private TlsConnection accept(String protocol, boolean blocking, TlsOption... options) throws Exception {
        TlsContext context = TlsContext.server().selfSigned("localhost").protocols(protocol).options(options).build();
        Path trusted = TestCertificates.writePem(dir.resolve("niotls.pem"), context.certificateChain().get(0));
        listener = Loopback.listen();
        client = ChildProcess.openssl("s_client", List.of("s_client", "-connect", "127.0.0.1:" + Loopback.port(listener),
                "-servername", "localhost", "-CAfile", trusted.toString(), "-verify_return_error",
                "-verify_hostname", "localhost", protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2"));
        exchange = new OpenSslExchange(client, "s_client", SEED_OUT, SEED_IN);
        channel = Loopback.accept(listener, blocking, Loopback.deadline(10));
        tap = new RecordTap(new SocketBio(channel));
        TlsConnection connection = context.newConnection(tap);
        connection.setAcceptState();
        if (!blocking) {
            driver = new SelectorDriver("niotls server", connection, channel)
                    .describePeer(() -> "records niotls sent: " + tap.summary() + "\n" + client.describe());
        }
        return connection;
    }
}
