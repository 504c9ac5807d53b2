package dev.niotls.tls.conformance;

import static dev.niotls.tls.conformance.Steps.assertFailed;
import static dev.niotls.tls.conformance.Steps.streamBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.Bio;
import dev.niotls.tls.testing.LoopbackSockets;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.PumpSide;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC section 3, R1 to R7: read, peek, pending, EOF and failures. R8 is {@link BoundedMemoryTest}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReadRulesTest {
    private static final long SEED = 0x5EED_0002L;
    private static final String FULL = "dev.niotls.tls.conformance.Matrix#full";
    private static final String ROLES = "dev.niotls.tls.conformance.Matrix#versionsAndRoles";
    private static final String EOF_CAPABLE = "dev.niotls.tls.conformance.ReadRulesTest#eofCapable";

    static Stream<Arguments> eofCapable() {
        return Matrix.cross(EnumSet.of(Transport.PAIR_1, Transport.PAIR_256, Transport.PAIR_17K,
                Transport.FLAKY, Transport.SOCKET));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R1_readReturnsUpToDstAndKeepsTheRestBuffered(String version, Role role) throws IOException {
        try (Peers peers = Peers.over(version, Transport.PAIR_17K).link(Link.pair(1 << 20, 1 << 20)).open()) {
            peers.pump().handshake();
            TlsConnection reader = peers.reader(role);
            assertEquals(10_000, peers.writer(role).write(streamBuffer(SEED, 10_000)));
            StreamVerifier verifier = new StreamVerifier(SEED);
            ByteBuffer small = ByteBuffer.allocate(100);
            assertEquals(100, reader.read(small));
            verifier.acceptWritten(small, 0);
            assertEquals(9_900, reader.pending(), "the rest of the record stays decrypted and buffered");
            assertTrue(reader.hasPending());
            ByteBuffer dst = ByteBuffer.allocate(1000);
            for (int expected = 9_900; expected > 0; expected -= Math.min(1000, expected)) {
                dst.clear();
                assertEquals(Math.min(1000, expected), reader.read(dst));
                verifier.acceptWritten(dst, 0);
                assertEquals(expected - Math.min(1000, expected), reader.pending());
            }
            verifier.assertComplete(10_000);
            assertFalse(reader.hasPending());
            assertFailed(reader, reader.read(dst.clear()), TlsError.WANT_READ);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void R1_oneByteReadsReturnOneByteEach(String version, Transport transport, Role role) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            // The pump checks each read returns what it put in the 1-byte buffer.
            PumpSide reader = pump.transfer(peers.writerSide(role), SEED, Math.min(30_000, transport.streamBytes()),
                    1, 20_000);
            assertEquals(reader.received(), reader.readCalls() - reader.readWantRead());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R2_wantReadOnlyWhenNoDataIsBufferedAndTheBioIsDry(String version, Role role) throws IOException {
        try (Peers peers = Peers.over(version, Transport.PAIR_17K).link(Link.pair(1 << 20, 1 << 20)).open()) {
            peers.pump().handshake();
            TlsConnection reader = peers.reader(role);
            // Several records wait in the BIO: no read may answer WANT_READ until all are delivered.
            assertEquals(60_000, peers.writer(role).write(streamBuffer(SEED, 60_000)));
            StreamVerifier verifier = new StreamVerifier(SEED);
            ByteBuffer dst = ByteBuffer.allocate(7_000);
            while (verifier.received() < 60_000) {
                dst.clear();
                int result = reader.read(dst);
                assertTrue(result > 0, () -> "read returned " + result + " / " + reader.getError(result)
                        + " with data in the BIO");
                verifier.acceptWritten(dst, 0);
            }
            verifier.assertComplete(60_000);
            assertFailed(reader, reader.read(dst.clear()), TlsError.WANT_READ);
            assertEquals(0, dst.position());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void R2_dryBioIsWantRead(String version, Transport transport, Role role) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            pump.transfer(peers.writerSide(role), SEED, 5_000, 4096, 5_000);
            TlsConnection reader = peers.reader(role);
            ByteBuffer dst = ByteBuffer.allocate(100);
            for (int i = 0; i < 3; i++) {
                assertFailed(reader, reader.read(dst), TlsError.WANT_READ);
                assertEquals(0, dst.position());
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R2_unflushableHandshakeReplyIsWantWrite(String version, Role role) throws IOException {
        // The server's flight (certificate and all) cannot pass a 7-byte pipe in one go.
        try (Peers peers = Peers.over(version, Transport.PAIR_7).link(Link.pair(64 * 1024, 7)).open()) {
            assertFailed(peers.client, peers.client.doHandshake(), TlsError.WANT_READ);
            assertFailed(peers.server, peers.server.read(ByteBuffer.allocate(100)), TlsError.WANT_WRITE);
            Pump pump = peers.pump();
            pump.transfer(peers.writerSide(role), SEED, 50_000, 4096, 10_000);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(EOF_CAPABLE)
    void R5_transportEofWithoutCloseNotifyIsUnexpectedEof(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.transfer(peers.writerSide(role), SEED, 20_000, 4096, 3_000);
            writerBio(peers, role).shutdownOutput();
            TlsConnection reader = peers.reader(role);
            int result = Steps.readUntilNotRetry(reader, Steps::idle);
            assertTrue(result <= 0);
            assertEquals(TlsError.SSL, reader.getError(result));
            assertEquals(TlsReason.UNEXPECTED_EOF_WHILE_READING, reader.lastReason());
            // The peer's doing, found in one place: recorded without walking the stack (issue 11, its cost).
            assertEquals(0, reader.lastException().getStackTrace().length);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(EOF_CAPABLE)
    void R5_ignoreUnexpectedEofReadsAsZeroReturn(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.over(version, transport)
                .readerOptions(role, TlsOption.IGNORE_UNEXPECTED_EOF).open()) {
            Pump pump = peers.pump();
            pump.transfer(peers.writerSide(role), SEED, 20_000, 4096, 3_000);
            writerBio(peers, role).shutdownOutput();
            TlsConnection reader = peers.reader(role);
            int result = Steps.readUntilNotRetry(reader, Steps::idle);
            assertEquals(0, result);
            assertEquals(TlsError.ZERO_RETURN, reader.getError(result));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R5_connectionResetIsSyscallWithTheIoException(String version, Role role) throws IOException {
        try (Peers peers = Peers.open(version, Transport.SOCKET)) {
            Pump pump = peers.pump();
            pump.transfer(peers.writerSide(role), SEED, 20_000, 4096, 3_000);
            LoopbackSockets.reset(role.clientWrites() ? peers.link.sockets.client() : peers.link.sockets.server());
            TlsConnection reader = peers.reader(role);
            int result = Steps.readUntilNotRetry(reader, Steps::idle);
            assertTrue(result <= 0);
            assertEquals(TlsError.SYSCALL, reader.getError(result), () -> "reason " + reader.lastReason());
            assertNotNull(reader.lastException(), "the IOException of the reset");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R6_corruptedRecordSendsBadRecordMacAndFails(String version, Role role) throws IOException {
        Link plain = Link.pair(64 * 1024, 64 * 1024);
        TamperingBio clientBio = new TamperingBio(plain.clientBio);
        TamperingBio serverBio = new TamperingBio(plain.serverBio);
        try (Peers peers = Peers.over(version, Transport.PAIR_17K).link(plain.withBios(clientBio, serverBio)).open()) {
            peers.pump().handshake();
            TamperingBio readerBio = role.clientWrites() ? serverBio : clientBio;
            // The next record starts after everything already read or still in flight; hit its body.
            readerBio.flipAt(readerBio.bytesRead() + peers.inFlightToReader(role) + 5 + 10);
            assertEquals(1000, peers.writer(role).write(streamBuffer(SEED, 1000)));
            TlsConnection reader = peers.reader(role);
            int result = reader.read(ByteBuffer.allocate(2000));
            assertFailed(reader, result, TlsError.SSL);
            assertEquals(TlsReason.BAD_RECORD_MAC, reader.lastReason());
            TlsConnection writer = peers.writer(role);
            int alerted = Steps.readUntilNotRetry(writer, Steps::idle);
            assertEquals(TlsError.SSL, writer.getError(alerted));
            assertEquals(TlsReason.ALERT_RECEIVED, writer.lastReason());
            TlsException alert = assertInstanceOf(TlsException.class, writer.lastException());
            assertEquals(20, alert.alertDescription(), "bad_record_mac(20)");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void R7_peekReturnsTheBytesOfTheNextReadWithoutConsuming(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            long total = Math.min(40_000, transport.streamBytes());
            peers.writerSide(role).send(SEED, total, 9_000);
            peers.readerSide(role).reading(false);
            TlsConnection reader = peers.reader(role);
            StreamVerifier verifier = new StreamVerifier(SEED);
            ByteBuffer peeked = ByteBuffer.allocate(700);
            ByteBuffer again = ByteBuffer.allocate(700);
            ByteBuffer read = ByteBuffer.allocate(700);
            pump.runUntil(() -> {
                int n = reader.peek(peeked.clear());
                if (n <= 0) {
                    assertTrue(Steps.isRetry(reader.getError(n)), () -> "peek: " + reader.getError(n));
                    return false;
                }
                int pending = reader.pending();
                assertEquals(n, reader.peek(again.clear()), "a second peek sees the same bytes");
                assertEquals(pending, reader.pending(), "peek consumes nothing");
                assertEquals(n, reader.read(read.clear()));
                assertEquals(peeked.flip(), again.flip());
                assertEquals(peeked, read.flip());
                verifier.accept(read);
                return verifier.received() >= total;
            });
            verifier.assertComplete(total);
        }
    }

    private static Bio writerBio(Peers peers, Role role) {
        return role.clientWrites() ? peers.link.clientBio : peers.link.serverBio;
    }
}
