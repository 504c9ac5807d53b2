package dev.niotls.tls.conformance;

import static dev.niotls.tls.conformance.Steps.assertFailed;
import static dev.niotls.tls.conformance.Steps.streamBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC section 5 (S1 to S3), with R4 (close_notify on the reading side) and W11 (writes around shutdown). */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ShutdownRulesTest {
    private static final long SEED = 0x5EED_0005L;
    private static final String FULL = "dev.niotls.tls.conformance.Matrix#full";
    private static final String ROLES = "dev.niotls.tls.conformance.Matrix#versionsAndRoles";

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void S1_shutdownReturnsZeroThenOneOnBothSides(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.transfer(peers.writerSide(role), SEED, Math.min(50_000, transport.streamBytes()), 4096, 10_000);
            TlsConnection first = peers.writer(role);
            TlsConnection second = peers.reader(role);
            // S1: close_notify queued and flushed (WANT_WRITE while the BIO is full), 0: the peer's has not come.
            assertEquals(0, Steps.retry(first, first::shutdown, () -> readNothing(second)));
            int zero = Steps.readUntilNotRetry(second, Steps::idle);
            assertEquals(0, zero);
            assertEquals(TlsError.ZERO_RETURN, second.getError(zero), () -> "reason " + second.lastReason());
            // The other side's first call finds the peer's close_notify already there: 1.
            assertEquals(1, Steps.retry(second, second::shutdown, () -> readNothing(first)));
            // S2: the second call of the first side reads until the peer's close_notify: 1.
            assertEquals(1, Steps.retry(first, first::shutdown, Steps::idle));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void S2_secondShutdownWantsReadUntilThePeersCloseNotifyAndDiscardsData(String version, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, Transport.PAIR_17K)) {
            peers.pump().handshake();
            TlsConnection first = peers.writer(role);
            TlsConnection second = peers.reader(role);
            assertEquals(0, first.shutdown());
            assertFailed(first, first.shutdown(), TlsError.WANT_READ);
            assertEquals(5000, second.write(streamBuffer(SEED, 5000)), "the peer may still send (W11)");
            assertFailed(first, first.shutdown(), TlsError.WANT_READ);
            int zero = Steps.readUntilNotRetry(second, Steps::idle);
            assertEquals(TlsError.ZERO_RETURN, second.getError(zero));
            assertEquals(1, second.shutdown());
            assertEquals(1, first.shutdown(), "the data before the close_notify was discarded");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void W11_peerWritesAfterOurCloseNotifyAndWeStillRead(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection closer = peers.reader(role);
            TlsConnection writer = peers.writer(role);
            assertEquals(0, Steps.retry(closer, closer::shutdown, () -> readNothing(writer)));
            // The writer has received close_notify (half-close); it keeps writing, the closer keeps reading.
            int zero = Steps.readUntilNotRetry(writer, Steps::idle);
            assertEquals(TlsError.ZERO_RETURN, writer.getError(zero));
            pump.transfer(peers.writerSide(role), SEED, Math.min(60_000, transport.streamBytes()), 4096, 10_000);
            assertEquals(1, Steps.retry(writer, writer::shutdown, () -> readNothing(closer)));
            int closed = Steps.readUntilNotRetry(closer, Steps::idle);
            assertEquals(TlsError.ZERO_RETURN, closer.getError(closed));
            assertEquals(1, closer.shutdown());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W11_writeAfterOwnShutdownIsProtocolIsShutdown(String version, Role role) throws IOException {
        try (Peers peers = Peers.open(version, Transport.PAIR_17K)) {
            peers.pump().handshake();
            TlsConnection writer = peers.writer(role);
            assertEquals(0, writer.shutdown());
            ByteBuffer src = streamBuffer(SEED, 100);
            assertFailed(writer, writer.write(src), TlsError.SSL);
            assertEquals(TlsReason.PROTOCOL_IS_SHUTDOWN, writer.lastReason());
            assertEquals(0, src.position());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R4_closeNotifyGivesTheBufferedDataFirstThenZeroReturnForever(String version, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, Transport.PAIR_17K)) {
            peers.pump().handshake();
            TlsConnection writer = peers.writer(role);
            TlsConnection reader = peers.reader(role);
            assertEquals(1000, writer.write(streamBuffer(SEED, 1000)));
            assertEquals(0, writer.shutdown());
            StreamVerifier verifier = new StreamVerifier(SEED);
            ByteBuffer dst = ByteBuffer.allocate(300);
            while (verifier.received() < 1000) {
                int n = reader.read(dst.clear());
                assertTrue(n > 0, () -> "data before close_notify: " + reader.getError(n));
                verifier.acceptWritten(dst, 0);
            }
            verifier.assertComplete(1000);
            for (int i = 0; i < 3; i++) {
                int result = reader.read(dst.clear());
                assertEquals(0, result);
                assertEquals(TlsError.ZERO_RETURN, reader.getError(result));
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void S3_shutdownDuringTheHandshakeFailsCleanly(String version, Role role) throws IOException {
        try (Peers peers = Peers.open(version, Transport.PAIR_17K)) {
            assertFailed(peers.client, peers.client.doHandshake(), TlsError.WANT_READ);
            assertFailed(peers.server, peers.server.doHandshake(), TlsError.WANT_READ);
            TlsConnection closer = peers.writer(role);
            int result = closer.shutdown();
            assertFailed(closer, result, TlsError.SSL);
            assertEquals(TlsReason.SHUTDOWN_WHILE_IN_INIT, closer.lastReason());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void S3_shutdownBeforeConnectOrAcceptStateIsUninitialized(String version, Role role) {
        TlsContext context = role.clientWrites() ? Contexts.client(version) : Contexts.server(version);
        TlsConnection connection = context.newConnection(BioPair.create(64, 64).first());
        assertFailed(connection, connection.shutdown(), TlsError.SSL);
        assertEquals(TlsReason.UNINITIALIZED, connection.lastReason());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void S3_shutdownAfterAFatalErrorIsNotNeededAndFailsAtOnce(String version, Role role) throws IOException {
        try (Peers peers = Peers.open(version, Transport.PAIR_256)) {
            peers.pump().handshake();
            ByteBuffer src = WriteRulesTest.blockedWrite(peers, role, 100_000);
            TlsConnection writer = peers.writer(role);
            assertFailed(writer, writer.write(src.duplicate()), TlsError.SSL); // W4: fatal
            assertFailed(writer, writer.shutdown(), TlsError.SSL);
        }
    }

    /** A peer step that reads and insists no application data arrives. */
    private static void readNothing(TlsConnection connection) {
        int n = connection.read(ByteBuffer.allocate(1024));
        if (n > 0) {
            throw new AssertionError("unexpected application data: " + n + " bytes");
        }
    }
}
