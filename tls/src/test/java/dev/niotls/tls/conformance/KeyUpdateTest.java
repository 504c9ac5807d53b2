package dev.niotls.tls.conformance;

import static dev.niotls.tls.conformance.Steps.assertFailed;
import static dev.niotls.tls.conformance.Steps.streamBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.PumpSide;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * TLS 1.3 KeyUpdate: SPEC H4, W9 (a zero-length write flushes it) and R3 (transparent to read).
 * Transfers run both ways at once and are verified, so data on both sides of each key change is checked.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KeyUpdateTest {
    private static final long SEED = 0x5EED_0013L;
    private static final String TLS13 = "dev.niotls.tls.conformance.Matrix#tls13";

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(TLS13)
    void H4_keyUpdatesFromBothSidesMidStreamAreTransparent(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            long bytes = transport.streamBytes();
            PumpSide writer = peers.writerSide(role);
            PumpSide reader = peers.readerSide(role);
            List<Integer> results = new ArrayList<>();
            writer.send(SEED, bytes, 16384, 3000).receive(SEED + 1, bytes / 2, 5000);
            reader.send(SEED + 1, bytes / 2, 4000).receive(SEED, bytes, 4096);
            // The writer asks the reader to update too; then the reader updates on its own.
            writer.atSent(bytes / 3, () -> results.add(writer.connection().keyUpdate(true)));
            reader.atSent(bytes / 4, () -> results.add(reader.connection().keyUpdate(false)));
            pump.runUntil(() -> results.size() >= 2 || writer.finished() || reader.finished());
            writer.atSent(2 * bytes / 3, () -> results.add(writer.connection().keyUpdate(false)));
            pump.run();
            assertEquals(List.of(1, 1, 1), results);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void H4_requestedUpdateIsAnsweredByTheNextWrite(Role role) throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS13, Transport.PAIR_17K).link(Link.pair(1 << 16, 1 << 16)).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection initiator = peers.writer(role);
            TlsConnection peer = peers.reader(role);
            assertEquals(1, initiator.keyUpdate(true));
            assertEquals(0, initiator.write(ByteBuffer.allocate(0)), "W9: the flush sends our KeyUpdate");
            assertTrue(peers.inFlightToReader(role) > 0);
            assertFailed(peer, peer.read(ByteBuffer.allocate(100)), TlsError.WANT_READ);
            assertEquals(0, peer.write(ByteBuffer.allocate(0)), "the reply goes out with the next write");
            assertTrue(peers.inFlightToWriter(role) > 0, "the peer's KeyUpdate reply is on its way");
            assertFailed(initiator, initiator.read(ByteBuffer.allocate(100)), TlsError.WANT_READ);
            RenegotiationTest.bothWays(pump, SEED, 50_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void W9_zeroLengthWriteFlushesAScheduledKeyUpdate(Role role) throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.PAIR_17K)) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection initiator = peers.writer(role);
            assertEquals(1, initiator.keyUpdate(false));
            assertEquals(0, peers.inFlightToReader(role), "scheduled, not sent");
            assertEquals(0, initiator.write(ByteBuffer.allocate(0)));
            assertEquals(TlsError.SYSCALL, initiator.getError(0));
            assertTrue(peers.inFlightToReader(role) > 0, "the KeyUpdate went out");
            pump.transfer(peers.writerSide(role), SEED, 40_000, 4096, 7000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void H4_keyUpdateOnTls12IsWrongSslVersionAndTheConnectionSurvives(Role role) throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS12, Transport.PAIR_17K)) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection initiator = peers.writer(role);
            assertTrue(initiator.keyUpdate(true) <= 0);
            assertEquals(TlsReason.WRONG_SSL_VERSION, initiator.lastReason());
            pump.transfer(peers.writerSide(role), SEED, 30_000, 4096, 7000);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dev.niotls.tls.conformance.KeyUpdateTest#smallTls13")
    void H4_keyUpdateWhileAWriteIsPendingIsBadWriteRetryAndTheConnectionSurvives(String version,
            Transport transport, Role role) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            int size = WriteRulesTest.blockingSize(transport);
            ByteBuffer src = WriteRulesTest.blockedWrite(peers, role, size);
            TlsConnection writer = peers.writer(role);
            assertTrue(writer.keyUpdate(false) <= 0);
            assertEquals(TlsReason.BAD_WRITE_RETRY, writer.lastReason());
            peers.writerSide(role).send(WriteRulesTest.SEED, size).withPendingWrite(src, 0);
            peers.readerSide(role).receive(WriteRulesTest.SEED, size, 4096);
            pump.run();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Transport.class, names = {"PAIR_256", "FLAKY", "SOCKET"})
    void H4_manyKeyUpdatesInARow(Transport transport) throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS13, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            for (int i = 0; i < 40; i++) {
                TlsConnection initiator = i % 2 == 0 ? peers.client : peers.server;
                assertEquals(1, initiator.keyUpdate(i % 3 == 0));
                RenegotiationTest.bothWays(pump, SEED + 2L * i, 5_000);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void R3_keyUpdateBeforeDataIsProcessedSilentlyByRead(Role role) throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS13, Transport.PAIR_17K).link(Link.pair(1 << 16, 1 << 16)).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection writer = peers.writer(role);
            assertEquals(1, writer.keyUpdate(true));
            assertEquals(1000, writer.write(streamBuffer(SEED, 1000)), "KeyUpdate, then the data");
            TlsConnection reader = peers.reader(role);
            ByteBuffer dst = ByteBuffer.allocate(2000);
            int read = reader.read(dst);
            assertEquals(1000, read, () -> "AUTO_RETRY: the KeyUpdate is handled and the read goes on ("
                    + reader.getError(read) + ")");
            StreamVerifier verifier = new StreamVerifier(SEED);
            verifier.acceptWritten(dst, 0);
            verifier.assertComplete(1000);
            RenegotiationTest.bothWays(pump, SEED + 1, 30_000);
        }
    }

    static Stream<Arguments> smallTls13() {
        return Matrix.cross(Matrix.SMALL).filter(arguments -> Matrix.TLS13.equals(arguments.get()[0]));
    }
}
