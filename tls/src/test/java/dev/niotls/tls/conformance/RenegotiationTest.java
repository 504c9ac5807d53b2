package dev.niotls.tls.conformance;

import static dev.niotls.tls.conformance.Steps.assertFailed;
import static dev.niotls.tls.conformance.Steps.streamBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.PumpSide;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS 1.2 renegotiation: SPEC H3 (defaults and options of OpenSSL 3.x), H5 (the peer's budget), W9 (a
 * zero-length write flushes the HelloRequest), W10 (a write drives the renegotiation and keeps the data
 * that arrives meanwhile) and R3 (transparent to read). Every transfer is a verified seeded stream
 * in both directions at once, so data crossing the renegotiation is checked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RenegotiationTest {
    private static final long SEED = 0x5EED_0010L;
    private static final String TLS12 = "dev.niotls.tls.conformance.Matrix#tls12";

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(TLS12)
    void H3_clientAcceptsTheServersHelloRequestByDefault(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            List<Integer> results = renegotiateMidStream(peers, role, peers.pump().server(), 2);
            assertEquals(List.of(1, 1), results);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(TLS12)
    void H3_serverAcceptsClientRenegotiationWithAllowClientRenegotiation(String version, Transport transport,
            Role role) throws IOException {
        try (Peers peers = Peers.over(version, transport).serverOptions(TlsOption.ALLOW_CLIENT_RENEGOTIATION).open()) {
            List<Integer> results = renegotiateMidStream(peers, role, peers.pump().client(), 2);
            assertEquals(List.of(1, 1), results);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"PAIR_1", "PAIR_256", "PAIR_17K", "FLAKY", "SOCKET"})
    void H3_serverRefusesClientRenegotiationByDefault(Transport transport) throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS12, transport)) {
            peers.pump().handshake();
            assertEquals(1, peers.client.renegotiate(), "scheduled; the server's answer comes later");
            // OpenSSL 3.x: the server answers no_renegotiation (warning); a client that asked for a
            // renegotiation treats that as fatal (SSL_R_NO_RENEGOTIATION, rec_layer_s3.c).
            assertPeerRefusal(peers.client, peers.server);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"PAIR_256", "PAIR_17K", "FLAKY"})
    void H3_noRenegotiationOptionMakesTheClientRefuseHelloRequest(Transport transport) throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS12, transport).clientOptions(TlsOption.NO_RENEGOTIATION).open()) {
            peers.pump().handshake();
            assertEquals(1, peers.server.renegotiate());
            assertPeerRefusal(peers.server, peers.client);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void H3_noRenegotiationOptionRefusesLocalRequests(Role role) throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS12, Transport.PAIR_17K)
                .clientOptions(TlsOption.NO_RENEGOTIATION).serverOptions(TlsOption.NO_RENEGOTIATION).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection initiator = peers.writer(role);
            assertEquals(0, initiator.renegotiate());
            assertEquals(TlsReason.NO_RENEGOTIATION, initiator.lastReason());
            pump.transfer(peers.writerSide(role), SEED, 30_000, 4096, 7000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void H3_renegotiateOnTls13IsWrongSslVersionAndTheConnectionSurvives(Role role) throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.PAIR_17K)) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection initiator = peers.writer(role);
            assertTrue(initiator.renegotiate() <= 0);
            assertEquals(TlsReason.WRONG_SSL_VERSION, initiator.lastReason());
            pump.transfer(peers.writerSide(role), SEED, 30_000, 4096, 7000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"PAIR_256", "PAIR_17K", "SOCKET"})
    void H5_peerInitiatedRenegotiationsAreBoundedByDefault(Transport transport) throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS12, transport).serverOptions(TlsOption.ALLOW_CLIENT_RENEGOTIATION)
                .open()) {
            Pump pump = peers.pump();
            pump.handshake();
            int accepted = 0;
            for (int attempt = 1; attempt <= 5; attempt++) {
                assertEquals(1, peers.client.renegotiate());
                bothWays(pump, SEED + attempt, 20_000);
                accepted++;
            }
            assertEquals(5, accepted, "the default budget is 5 per window");
            assertEquals(1, peers.client.renegotiate(), "scheduling is local; the server refuses");
            // Past the budget the server answers as to any refused renegotiation (H3).
            assertPeerRefusal(peers.client, peers.server);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void W9_zeroLengthWriteFlushesTheHelloRequest(Role role) throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS12, Transport.PAIR_17K)) {
            Pump pump = peers.pump();
            pump.handshake();
            assertEquals(1, peers.server.renegotiate());
            assertEquals(0, peers.link.inFlightToClient(), "scheduled, not sent");
            assertEquals(0, peers.server.write(ByteBuffer.allocate(0)));
            assertEquals(TlsError.SYSCALL, peers.server.getError(0));
            assertTrue(peers.link.inFlightToClient() > 0, "the HelloRequest went out");
            pump.transfer(peers.writerSide(role), SEED, 40_000, 4096, 7000);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(TLS12)
    void W10_clientWriteDrivesItsRenegotiationAndKeepsArrivingData(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.over(version, transport).serverOptions(TlsOption.ALLOW_CLIENT_RENEGOTIATION).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            long before = pump.client().writeWantRead();
            List<Integer> results = renegotiateMidStream(peers, role, pump.client(), 1);
            assertEquals(List.of(1), results);
            assertTrue(pump.client().writeWantRead() > before,
                    "the client's write waited for the server's reply (W10): " + pump.client());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"PAIR_1", "PAIR_256", "FLAKY", "FLAKY_ONE_BYTE"})
    void W10_applicationDataArrivingWhileAWriteDrivesTheRenegotiationIsKept(Transport transport)
            throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS12, transport).serverOptions(TlsOption.ALLOW_CLIENT_RENEGOTIATION)
                .open()) {
            Pump pump = peers.pump();
            pump.handshake();
            assertEquals(1, peers.client.renegotiate());
            // The server's data is on its way before it sees the ClientHello; the client's write, which
            // drives the renegotiation, must read past it and keep it for the next read.
            ByteBuffer serverData = streamBuffer(SEED + 7, 5000);
            ByteBuffer clientData = streamBuffer(SEED + 8, 1000);
            ByteBuffer scratch = ByteBuffer.allocate(100);
            boolean[] clientDone = {false};
            int written = Steps.retry(peers.client, () -> {
                // One call each per round: the client's identical write, the server's pending write
                // and the server's read (which answers the ClientHello; no data arrives for it yet).
                int result = peers.client.write(clientData);
                clientDone[0] = result > 0;
                if (serverData.hasRemaining()) {
                    int sent = peers.server.write(serverData);
                    assertTrue(sent > 0 || Steps.isRetry(peers.server.getError(sent)));
                }
                return result;
            }, () -> {
                int read = peers.server.read(scratch.clear());
                assertTrue(read <= 0 || clientDone[0], "no client data before the client's write returns");
            });
            assertEquals(1000, written);
            pump.server().receive(SEED + 8, 1000, 4096);
            pump.client().receive(SEED + 7, 5000, 700);
            if (serverData.hasRemaining()) {
                pump.server().send(SEED + 7, 5000).withPendingWrite(serverData, serverData.position());
            }
            pump.run();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void R3_helloRequestBeforeDataIsProcessedSilentlyByRead(Role role) throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS12, Transport.PAIR_17K).link(Link.pair(1 << 16, 1 << 16)).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            assertEquals(1, peers.server.renegotiate());
            // The HelloRequest leaves first, then the data (OpenSSL's server keeps writing after it).
            assertEquals(1000, peers.server.write(streamBuffer(SEED, 1000)));
            ByteBuffer dst = ByteBuffer.allocate(2000);
            int read = peers.client.read(dst);
            assertEquals(1000, read, "AUTO_RETRY: the HelloRequest is handled and the read goes on ("
                    + peers.client.getError(read) + ")");
            StreamVerifier verifier = new StreamVerifier(SEED);
            verifier.acceptWritten(dst, 0);
            verifier.assertComplete(1000);
            pump.transfer(peers.writerSide(role), SEED + 1, 40_000, 4096, 7000);
        }
    }

    /**
     * Streams both ways at once while {@code initiator} calls {@code renegotiate()} {@code count}
     * times, evenly spaced in its own stream; returns what each call returned.
     */
    static List<Integer> renegotiateMidStream(Peers peers, Role role, PumpSide initiator, int count) {
        Pump pump = peers.pump();
        long bytes = peers.transport.streamBytes();
        List<Integer> results = new ArrayList<>();
        PumpSide writer = peers.writerSide(role);
        PumpSide reader = peers.readerSide(role);
        writer.send(SEED, bytes, 16384, 5000);
        reader.receive(SEED, bytes, 4096);
        reader.send(SEED + 100, bytes / 2, 3000);
        writer.receive(SEED + 100, bytes / 2, 9000);
        long initiatorBytes = initiator == writer ? bytes : bytes / 2;
        for (int i = 1; i <= count; i++) {
            long offset = initiatorBytes * i / (count + 1);
            initiator.atSent(offset, () -> results.add(initiator.connection().renegotiate()));
            int fired = i;
            pump.runUntil(() -> results.size() >= fired || initiator.finished());
        }
        pump.run();
        return results;
    }

    /** Transfers {@code bytes} each way at once. */
    static void bothWays(Pump pump, long seed, long bytes) {
        pump.client().send(seed, bytes, 7000);
        pump.server().receive(seed, bytes, 4096);
        pump.server().send(seed + 1, bytes, 5000);
        pump.client().receive(seed + 1, bytes, 4096);
        pump.run();
    }

    /**
     * The peer refused the renegotiation {@code initiator} asked for with a no_renegotiation warning:
     * OpenSSL 3.x makes that fatal for the initiator (SSL, NO_RENEGOTIATION, a handshake_failure
     * alert), and the refusing side then receives that alert.
     */
    static void assertPeerRefusal(TlsConnection initiator, TlsConnection refuser) {
        ByteBuffer scratch = ByteBuffer.allocate(1024);
        int result = Steps.retry(initiator, () -> initiator.read(scratch.clear()),
                () -> refuser.read(ByteBuffer.allocate(1024)));
        assertTrue(result <= 0, "no data was sent");
        assertEquals(TlsError.SSL, initiator.getError(result), () -> "initiator: " + initiator.lastReason());
        assertEquals(TlsReason.NO_RENEGOTIATION, initiator.lastReason());
        // On a 1-byte or flaky BIO the fatal alert cannot leave in one call: the failed initiator
        // keeps flushing it on later calls (which keep failing with SSL).
        int refused = Steps.readUntilNotRetry(refuser, () -> initiator.read(ByteBuffer.allocate(16)));
        assertEquals(TlsError.SSL, refuser.getError(refused));
        assertEquals(TlsReason.ALERT_RECEIVED, refuser.lastReason());
        TlsException alert = assertInstanceOf(TlsException.class, refuser.lastException());
        assertEquals(40, alert.alertDescription(), "handshake_failure(40)");
        assertFailed(initiator, initiator.write(streamBuffer(SEED, 10)), TlsError.SSL);
    }
}
