package dev.niotls.tls.conformance;

import static dev.niotls.tls.conformance.Steps.assertFailed;
import static dev.niotls.tls.conformance.Steps.streamBuffer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.BioPair;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.PumpSide;
import dev.niotls.tls.testing.SeededStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** SPEC section 2, W1 to W9 and W12: the write return contract, over every transport, both roles. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WriteRulesTest {
    /** Also the stream {@link #blockedWrite} fills its buffer from. */
    static final long SEED = 0x5EED_0001L;
    private static final String FULL = "dev.niotls.tls.conformance.Matrix#full";
    private static final String SMALL = "dev.niotls.tls.conformance.Matrix#small";
    private static final String ROLES = "dev.niotls.tls.conformance.Matrix#versionsAndRoles";

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W1_writeBeforeConnectOrAcceptStateIsUninitialized(String version, Role role) {
        TlsContext context = role.clientWrites() ? Contexts.client(version) : Contexts.server(version);
        BioPair pair = BioPair.create(1024, 1024);
        TlsConnection connection = context.newConnection(pair.first());
        ByteBuffer src = streamBuffer(SEED, 100);
        int result = connection.write(src);
        assertFailed(connection, result, TlsError.SSL);
        assertEquals(TlsReason.UNINITIALIZED, connection.lastReason());
        assertEquals(0, src.position(), "nothing written");
        assertEquals(0, pair.second().readable(), "nothing reached the BIO");
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void W2_writeBeforeHandshakeDrivesItAndWantsUntilDone(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            // No doHandshake anywhere: the writer's write and the reader's read drive the handshake.
            pump.transfer(peers.writerSide(role), SEED, transport.streamBytes(), 4096, 10_000);
            PumpSide writer = peers.writerSide(role);
            assertEquals(0, writer.handshakeCalls());
            assertTrue(writer.writeWantRead() + writer.writeWantWrite() > 0,
                    "the first write cannot finish the handshake alone: " + writer);
            assertEquals(version, peers.writer(role).protocol());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(SMALL)
    void W3_wouldBlockLeavesTheBufferUntouchedAndTheSameBufferCompletes(String version, Transport transport,
            Role role) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            int size = blockingSize(transport);
            ByteBuffer src = blockedWrite(peers, role, size);
            for (int i = 0; i < 3; i++) {
                // The reader still does not read: the identical retry blocks again, untouched.
                assertFailed(peers.writer(role), peers.writer(role).write(src), TlsError.WANT_WRITE);
                assertEquals(0, src.position());
                assertEquals(size, src.limit());
            }
            peers.writerSide(role).send(SEED, size).withPendingWrite(src, 0);
            peers.readerSide(role).receive(SEED, size, 4096);
            pump.run();
            assertEquals(size, src.position(), "the completed write consumed the buffer");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(SMALL)
    void W4_retryWithAnotherBufferObjectIsBadWriteRetry(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            peers.pump().handshake();
            int size = blockingSize(transport);
            ByteBuffer src = blockedWrite(peers, role, size);
            ByteBuffer sameBytes = ByteBuffer.allocate(size).put(src.duplicate()).flip();
            TlsConnection writer = peers.writer(role);
            assertFailed(writer, writer.write(sameBytes), TlsError.SSL);
            assertEquals(TlsReason.BAD_WRITE_RETRY, writer.lastReason());
            assertEquals(0, sameBytes.position());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(SMALL)
    void W4_movingBufferIsAcceptedWithAcceptMovingWriteBuffer(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.over(version, transport)
                .writerModes(role, TlsMode.ACCEPT_MOVING_WRITE_BUFFER).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            int size = blockingSize(transport);
            ByteBuffer src = blockedWrite(peers, role, size);
            // Another object (even another kind of buffer) with the same remaining bytes.
            ByteBuffer moved = ByteBuffer.allocateDirect(size).put(src.duplicate()).flip();
            peers.writerSide(role).send(SEED, size).withPendingWrite(moved, 0);
            peers.readerSide(role).receive(SEED, size, 4096);
            pump.run();
            assertEquals(0, src.position(), "the abandoned buffer was not touched");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(SMALL)
    void W5_shorterRetryIsBadLength(String version, Transport transport, Role role) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            peers.pump().handshake();
            ByteBuffer src = blockedWrite(peers, role, blockingSize(transport));
            // One record (up to 16384 bytes) is committed; one byte is fewer.
            src.limit(1);
            TlsConnection writer = peers.writer(role);
            assertFailed(writer, writer.write(src), TlsError.SSL);
            assertEquals(TlsReason.BAD_LENGTH, writer.lastReason());
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(SMALL)
    void W5_longerRetryFinishesTheCommittedPartThenTheRest(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            int size = blockingSize(transport);
            ByteBuffer src = streamBuffer(SEED, size, 2 * size);
            assertFailed(peers.writer(role), peers.writer(role).write(src), TlsError.WANT_WRITE);
            // Append the next bytes of the stream behind the pending ones, in the same object.
            ByteBuffer tail = src.duplicate();
            tail.limit(2 * size).position(size);
            SeededStream stream = new SeededStream(SEED);
            stream.skip(size);
            stream.fill(tail);
            src.limit(2 * size);
            peers.writerSide(role).send(SEED, 2L * size).withPendingWrite(src, 0);
            peers.readerSide(role).receive(SEED, 2L * size, 8192);
            pump.run(); // the pump checks the retry returns all 2 * size bytes (W7)
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(SMALL)
    void W6_badWriteRetryIsFatal(String version, Transport transport, Role role) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            peers.pump().handshake();
            int size = blockingSize(transport);
            ByteBuffer src = blockedWrite(peers, role, size);
            TlsConnection writer = peers.writer(role);
            assertFailed(writer, writer.write(ByteBuffer.allocate(size).put(src.duplicate()).flip()), TlsError.SSL);
            assertFatal(writer, src);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(SMALL)
    void W6_badLengthIsFatal(String version, Transport transport, Role role) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            peers.pump().handshake();
            ByteBuffer src = blockedWrite(peers, role, blockingSize(transport));
            TlsConnection writer = peers.writer(role);
            int limit = src.limit();
            src.limit(1);
            assertFailed(writer, writer.write(src), TlsError.SSL);
            src.limit(limit);
            assertFatal(writer, src);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void W7_writeSucceedsOnlyWhenAllOfTheBufferIsWritten(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            pump.handshake();
            // The pump fails on any success that is not the whole remaining buffer (no partial mode).
            pump.transfer(peers.writerSide(role), SEED, transport.streamBytes(), 3000,
                    100_000, 1, 16384, 16385, 70_000, 3);
            assertEquals(0, peers.writerSide(role).partialWriteSuccesses());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W8_partialWriteReturnsAfterOneRecord(String version, Role role) throws IOException {
        try (Peers peers = Peers.over(version, Transport.PAIR_17K).link(Link.pair(1 << 20, 1 << 20))
                .writerModes(role, TlsMode.ENABLE_PARTIAL_WRITE).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            int size = 100_000;
            ByteBuffer src = streamBuffer(SEED, size);
            int written = peers.writer(role).write(src);
            assertTrue(written > 0 && written <= 16384, "one record at most, got " + written);
            assertEquals(written, src.position());
            peers.writerSide(role).partialWrites(true).send(SEED, size).withPendingWrite(src, written);
            peers.readerSide(role).receive(SEED, size, 5000);
            pump.run();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void W8_partialWritesCarryTheWholeStream(String version, Transport transport, Role role) throws IOException {
        try (Peers peers = Peers.over(version, transport).writerModes(role, TlsMode.ENABLE_PARTIAL_WRITE).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            peers.writerSide(role).partialWrites(true);
            pump.transfer(peers.writerSide(role), SEED, transport.streamBytes(), 7000, 100_000, 20_000, 5);
            assertTrue(peers.writerSide(role).partialWriteSuccesses() > 0, peers.writerSide(role).toString());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W9_zeroLengthWriteReturnsZeroWithSyscall(String version, Role role) throws IOException {
        try (Peers peers = Peers.open(version, Transport.PAIR_17K)) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection writer = peers.writer(role);
            ByteBuffer empty = ByteBuffer.allocate(0);
            assertEquals(0, writer.write(empty));
            assertEquals(TlsError.SYSCALL, writer.getError(0));
            assertEquals(0, peers.inFlightToReader(role), "nothing to flush, nothing sent");
            pump.transfer(peers.writerSide(role), SEED, 50_000, 1000, 3000);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W9_zeroLengthWriteDrivesThePendingHandshake(String version, Role role) throws IOException {
        try (Peers peers = Peers.open(version, Transport.PAIR_17K)) {
            TlsConnection writer = peers.writer(role);
            assertFailed(writer, writer.write(ByteBuffer.allocate(0)), TlsError.WANT_READ);
            if (role.clientWrites()) {
                assertTrue(peers.link.inFlightToServer() > 0, "the client's flush sent its ClientHello");
            } else {
                assertEquals(0, peers.link.inFlightToClient(), "a server has nothing to say first");
            }
            Pump pump = peers.pump();
            pump.handshake();
            pump.transfer(peers.writerSide(role), SEED, 50_000, 1000, 3000);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W9_zeroLengthWriteAfterPeerCloseNotifyIsZeroReturn(String version, Role role) throws IOException {
        try (Peers peers = Peers.open(version, Transport.PAIR_17K)) {
            peers.pump().handshake();
            TlsConnection writer = peers.writer(role);
            assertEquals(0, peers.reader(role).shutdown(), "close_notify sent, the peer's not received");
            int read = Steps.readUntilNotRetry(writer, Steps::idle);
            assertEquals(0, read);
            assertEquals(TlsError.ZERO_RETURN, writer.getError(read));
            assertEquals(0, writer.write(ByteBuffer.allocate(0)));
            assertEquals(TlsError.ZERO_RETURN, writer.getError(0));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(FULL)
    void W12_streamsInBothDirectionsAtOnceArriveIntact(String version, Transport transport, Role role)
            throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            long bytes = transport.streamBytes();
            // Role decides who writes the odd sizes; both write at once, handshake included.
            peers.writerSide(role).send(SEED, bytes, 1, 999, 16384, 40_000, 16383);
            peers.readerSide(role).receive(SEED, bytes, 777);
            peers.readerSide(role).send(SEED + 1, bytes, 5000);
            peers.writerSide(role).receive(SEED + 1, bytes, 16384);
            pump.run();
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource(SMALL)
    void W12_directBuffersArriveIntact(String version, Transport transport, Role role) throws IOException {
        try (Peers peers = Peers.open(version, transport)) {
            Pump pump = peers.pump();
            peers.writerSide(role).directBuffers(true);
            peers.readerSide(role).directBuffers(true);
            pump.transfer(peers.writerSide(role), SEED, transport.streamBytes(), 3000, 20_000, 7, 16385);
        }
    }

    /** A write size that cannot complete while the reader sleeps: sockets buffer much more than pairs. */
    static int blockingSize(Transport transport) {
        return transport == Transport.SOCKET ? 4_000_000 : 100_000;
    }

    /**
     * Writes the first {@code size} bytes of the stream while the reader does not read: W3 says the
     * result is -1 / WANT_WRITE with the buffer untouched.
     */
    static ByteBuffer blockedWrite(Peers peers, Role role, int size) {
        ByteBuffer src = streamBuffer(SEED, size);
        TlsConnection writer = peers.writer(role);
        assertFailed(writer, writer.write(src), TlsError.WANT_WRITE);
        assertEquals(0, src.position(), "W3: position untouched");
        assertEquals(size, src.limit(), "W3: limit untouched");
        return src;
    }

    /** W6: after BAD_WRITE_RETRY or BAD_LENGTH, every later call fails with SSL. */
    private static void assertFatal(TlsConnection writer, ByteBuffer original) {
        assertFailed(writer, writer.write(original), TlsError.SSL);
        assertFailed(writer, writer.write(streamBuffer(SEED, 10)), TlsError.SSL);
        assertFailed(writer, writer.read(ByteBuffer.allocate(100)), TlsError.SSL);
    }
}
