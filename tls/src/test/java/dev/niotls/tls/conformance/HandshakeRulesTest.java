package dev.niotls.tls.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.testing.Pump;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC H1 and H2 (and R6's received alert): the handshake on non-blocking BIOs, and verification. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HandshakeRulesTest {
    private static final long SEED = 0x5EED_0003L;
    private static final String VERSIONS_TRANSPORTS = "dev.niotls.tls.conformance.Matrix#versionsAndTransports";

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(VERSIONS_TRANSPORTS)
    void H1_nonBlockingHandshakeWantsUntilDoneThenReturnsOne(String version, Transport transport) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake(); // fails on anything but WANT_READ / WANT_WRITE / 1
            assertTrue(pump.client().handshakeCalls() > 1, "a non-blocking handshake needs the peer");
            assertTrue(pump.server().handshakeCalls() > 1);
            assertEquals(1, peers.client.doHandshake(), "done stays done");
            assertEquals(1, peers.server.doHandshake());
            assertEquals(version, peers.client.protocol());
            assertEquals(version, peers.server.protocol());
            assertNotNull(peers.client.cipherSuite());
            assertEquals(peers.client.cipherSuite(), peers.server.cipherSuite());
            assertEquals(peers.serverContext.certificateChain().get(0), peers.client.peerCertificates().get(0));
            assertFalse(peers.client.isResumed());
            pump.transfer(pump.client(), SEED, 10_000, 4096, 3000);
            pump.transfer(pump.server(), SEED + 1, 10_000, 4096, 3000);
        }
    }

    @ParameterizedTest(name = "client {0}")
    @ValueSource(strings = {Matrix.TLS12, Matrix.TLS13})
    void H1_versionMismatchFailsWithSslAndAReason(String clientVersion) throws IOException {
        String serverVersion = clientVersion.equals(Matrix.TLS12) ? Matrix.TLS13 : Matrix.TLS12;
        TlsContext server = Contexts.server(serverVersion);
        TlsContext client = TlsContext.client().trust(server.certificateChain().get(0)).serverName("localhost")
                .protocols(clientVersion).build();
        try (Link link = Link.open(Transport.PAIR_256)) {
            Failures failures = handshakeUntilBothFail(client.newConnection(link.clientBio),
                    server.newConnection(link.serverBio));
            failures.assertBothSsl();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Matrix.TLS12, Matrix.TLS13})
    void H2_untrustedServerIsCertificateVerifyFailed(String version) throws IOException {
        TlsContext stranger = TlsContext.server().selfSigned("localhost").protocols(version).build();
        TlsContext client = TlsContext.client().trust(stranger.certificateChain().get(0)).serverName("localhost")
                .protocols(version).build();
        try (Link link = Link.open(Transport.PAIR_512)) {
            Failures failures = handshakeUntilBothFail(client.newConnection(link.clientBio),
                    Contexts.server(version).newConnection(link.serverBio));
            failures.assertBothSsl();
            assertEquals(TlsReason.CERTIFICATE_VERIFY_FAILED, failures.client.lastReason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Matrix.TLS12, Matrix.TLS13})
    void H2_wrongHostNameIsCertificateVerifyFailed(String version) throws IOException {
        TlsContext server = Contexts.server(version);
        TlsContext client = TlsContext.client().trust(server.certificateChain().get(0))
                .serverName("not-localhost.example").protocols(version).build();
        try (Link link = Link.open(Transport.PAIR_512)) {
            Failures failures = handshakeUntilBothFail(client.newConnection(link.clientBio),
                    server.newConnection(link.serverBio));
            failures.assertBothSsl();
            assertEquals(TlsReason.CERTIFICATE_VERIFY_FAILED, failures.client.lastReason());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Matrix.TLS12, Matrix.TLS13})
    void H2_insecureTrustAllAcceptsAnyServer(String version) throws IOException {
        TlsContext stranger = TlsContext.server().selfSigned("some.other.name").protocols(version).build();
        TlsContext client = TlsContext.client().insecureTrustAll().serverName("localhost").protocols(version).build();
        try (Link link = Link.open(Transport.PAIR_512)) {
            TlsConnection clientConnection = client.newConnection(link.clientBio);
            TlsConnection serverConnection = stranger.newConnection(link.serverBio);
            clientConnection.setConnectState();
            serverConnection.setAcceptState();
            Pump pump = new Pump(clientConnection, serverConnection);
            pump.handshake();
            pump.transfer(pump.client(), SEED, 20_000, 4096, 5000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {Matrix.TLS12, Matrix.TLS13})
    void R6_fatalAlertReceivedIsSslAlertReceivedWithTheCode(String version) throws IOException {
        TlsContext stranger = TlsContext.server().selfSigned("localhost").protocols(version).build();
        TlsContext client = TlsContext.client().trust(stranger.certificateChain().get(0)).serverName("localhost")
                .protocols(version).build();
        try (Link link = Link.open(Transport.PAIR_17K)) {
            Failures failures = handshakeUntilBothFail(client.newConnection(link.clientBio),
                    Contexts.server(version).newConnection(link.serverBio));
            failures.assertBothSsl();
            // The client rejected the certificate with a fatal alert, which the server received.
            assertEquals(TlsReason.ALERT_RECEIVED, failures.server.lastReason());
            TlsException alert = assertInstanceOf(TlsException.class, failures.server.lastException());
            assertNotEquals(TlsException.NO_ALERT, alert.alertDescription());
        }
    }

    /** Drives both handshakes until each returns something other than WANT_* (1 fails the test). */
    static Failures handshakeUntilBothFail(TlsConnection client, TlsConnection server) {
        client.setConnectState();
        server.setAcceptState();
        int clientResult = -1;
        int serverResult = -1;
        boolean clientDone = false;
        boolean serverDone = false;
        for (int i = 0; i < Steps.MAX_TRIES && !(clientDone && serverDone); i++) {
            if (!clientDone) {
                clientResult = client.doHandshake();
                clientDone = !Steps.isRetry(client.getError(clientResult)) || clientResult == 1;
            }
            if (!serverDone) {
                serverResult = server.doHandshake();
                serverDone = !Steps.isRetry(server.getError(serverResult)) || serverResult == 1;
            }
        }
        assertTrue(clientDone && serverDone, "both handshakes ended");
        return new Failures(client, clientResult, server, serverResult);
    }

    /** How two failed handshakes ended. */
    static final class Failures {
        final TlsConnection client;
        final int clientResult;
        final TlsConnection server;
        final int serverResult;

        Failures(TlsConnection client, int clientResult, TlsConnection server, int serverResult) {
            this.client = client;
            this.clientResult = clientResult;
            this.server = server;
            this.serverResult = serverResult;
        }

        void assertBothSsl() {
            assertTrue(clientResult <= 0, "client handshake failed");
            assertTrue(serverResult <= 0, "server handshake failed");
            assertEquals(TlsError.SSL, client.getError(clientResult), () -> "client: " + client.lastReason());
            assertEquals(TlsError.SSL, server.getError(serverResult), () -> "server: " + server.lastReason());
            assertNotEquals(TlsReason.NONE, client.lastReason());
            assertNotEquals(TlsReason.NONE, server.lastReason());
            assertNotNull(client.lastException());
            assertNotNull(server.lastException());
        }
    }
}
