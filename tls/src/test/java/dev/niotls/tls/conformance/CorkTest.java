package dev.niotls.tls.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsMode;
import dev.niotls.tls.bio.BufferAllocator;
import dev.niotls.tls.testing.SeededStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link TlsConnection#cork}: a corked write's records wait in the connection until a call that sends, and
 * {@code SSL_shutdown} sends them with its close_notify in one BIO write (one TCP segment on a socket). Both
 * record layers: Bouncy Castle's for TLS 1.2, niotls's own after the TLS 1.3 hand-off. Nothing is lost or
 * reordered, and nothing waits for a call that would not come: a read or a zero-length write sends it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CorkTest {
    private static final String VERSIONS_ROLES = "dev.niotls.tls.conformance.Matrix#versionsAndRoles";
    private static final long SEED = 0x5EED_C04BL;
    private static final int SMALL = 100;

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(VERSIONS_ROLES)
    void S1_aCorkedWriteLeavesWithCloseNotifyInOneBioWrite(String version, Role role) throws IOException {
        try (Counted counted = Counted.open(version)) {
            CountingBio bio = counted.bio(role);
            int writesBefore = bio.writes;
            TlsConnection tested = corkedSmallWrite(counted, role);
            assertEquals(writesBefore, bio.writes);
            assertTrue(tested.protocolOutputPending(), "a loop that flushes on it would send the held record");
            assertShutdownSendsTheHeldRecordWithCloseNotify(counted, role, writesBefore);
            assertFalse(tested.protocolOutputPending());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(VERSIONS_ROLES)
    void W9_aZeroLengthWriteSendsWhatTheCorkHeld(String version, Role role) throws IOException {
        try (Counted counted = Counted.open(version)) {
            TlsConnection tested = corkedSmallWrite(counted, role);
            tested.cork(false);
            assertEquals(0, counted.peers.inFlightToReader(role), "uncorking sends nothing by itself");
            assertEquals(0, tested.write(ByteBuffer.allocate(0)));
            assertTrue(counted.peers.inFlightToReader(role) > SMALL);
            assertReceived(counted.peers.reader(role), SMALL);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(VERSIONS_ROLES)
    void R2_aReadSendsWhatTheCorkHeldBeforeItWaits(String version, Role role) throws IOException {
        try (Counted counted = Counted.open(version)) {
            TlsConnection tested = corkedSmallWrite(counted, role);
            int read = tested.read(ByteBuffer.allocate(1024));
            assertEquals(TlsError.WANT_READ, tested.getError(read));
            assertTrue(counted.peers.inFlightToReader(role) > SMALL, "a peer waiting for it would wait forever");
            assertReceived(counted.peers.reader(role), SMALL);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(VERSIONS_ROLES)
    void W7_aCorkHoldsAtMostHalfABufferOfALargeWrite(String version, Role role) throws IOException {
        int length = 100_000;
        try (Counted counted = Counted.open(version)) {
            TlsConnection tested = counted.peers.writer(role);
            tested.cork(true);
            assertEquals(length, tested.write(seeded(length)));
            int inFlight = counted.peers.inFlightToReader(role);
            assertTrue(inFlight > length - BufferAllocator.RECORD_CAPACITY / 2, "held: " + (length - inFlight) + " bytes");
            assertEquals(0, tested.shutdown());
            assertReceivedThenCloseNotify(counted.peers.reader(role), length);
        }
    }

    /**
     * {@code setMode} and {@code setBufferAllocator} make the connection's buffers anew before the handshake; a cork
     * set before them stays set. After the handshake has started, {@code setBufferAllocator} throws and changes
     * nothing: the connection keeps taking its buffers where it did.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(VERSIONS_ROLES)
    void S1_aCorkSetBeforeModesAndAllocatorStaysSet(String version, Role role) throws IOException {
        BufferAllocator refused = new BufferAllocator() {
            @Override
            public ByteBuffer allocate(int capacity) {
                throw new AssertionError("an allocator refused after the handshake started was used");
            }

            @Override
            public void release(ByteBuffer buffer) {
                throw new AssertionError("an allocator refused after the handshake started was used");
            }
        };
        try (Counted counted = Counted.open(version, peers -> {
            TlsConnection writer = peers.writer(role);
            writer.cork(true);
            writer.setMode(TlsMode.RELEASE_BUFFERS);
            writer.setBufferAllocator(BufferAllocator.HEAP);
        })) {
            TlsConnection tested = counted.peers.writer(role);
            assertThrows(IllegalStateException.class, () -> tested.setBufferAllocator(refused));
            int writesBefore = counted.bio(role).writes;
            assertEquals(SMALL, tested.write(seeded(SMALL)));
            assertEquals(0, counted.peers.inFlightToReader(role), "the cork set before the buffers were made holds");
            assertShutdownSendsTheHeldRecordWithCloseNotify(counted, role, writesBefore);
        }
    }

    /** S1: the writer's shutdown sends the held {@link #SMALL} bytes and close_notify in one BIO write. */
    private static void assertShutdownSendsTheHeldRecordWithCloseNotify(Counted counted, Role role, int writesBefore) {
        assertEquals(0, counted.peers.writer(role).shutdown(), "S1: close_notify sent, the peer's not yet in");
        assertEquals(writesBefore + 1, counted.bio(role).writes, "the record and close_notify in one BIO write");
        assertReceivedThenCloseNotify(counted.peers.reader(role), SMALL);
    }

    /** The writer, corked, after a completed write of {@link #SMALL} seeded bytes that the cork holds. */
    private static TlsConnection corkedSmallWrite(Counted counted, Role role) {
        TlsConnection tested = counted.peers.writer(role);
        tested.cork(true);
        assertEquals(SMALL, tested.write(seeded(SMALL)));
        assertEquals(0, counted.peers.inFlightToReader(role), "the cork holds the record");
        return tested;
    }

    private static ByteBuffer seeded(int length) {
        return ByteBuffer.wrap(SeededStream.bytes(SEED, length));
    }

    private static void assertReceivedThenCloseNotify(TlsConnection reader, int length) {
        assertReceived(reader, length);
        assertEquals(TlsError.ZERO_RETURN, reader.getError(reader.read(ByteBuffer.allocate(16))), "then close_notify");
    }

    /** Reads {@code length} bytes and checks they are the seeded ones. */
    private static void assertReceived(TlsConnection reader, int length) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (received.size() < length) {
            buffer.clear();
            int count = reader.read(buffer);
            assertTrue(count > 0, () -> "read " + received.size() + " of " + length + ": " + reader.lastReason());
            received.write(buffer.array(), 0, count);
        }
        assertArrayEquals(seeded(length).array(), received.toByteArray());
    }

    /** Handshaken peers over a 1 MiB pair (no write meets WANT_WRITE), each BIO counted. */
    private static final class Counted implements AutoCloseable {
        final Peers peers;

        private Counted(Peers peers) {
            this.peers = peers;
        }

        static Counted open(String version) {
            return open(version, peers -> { });
        }

        /** As {@link #open(String)}, with {@code beforeHandshake} run on the new, not yet handshaken peers. */
        static Counted open(String version, Consumer<Peers> beforeHandshake) {
            Link plain = Link.pair(1 << 20, 1 << 20);
            Peers peers = Peers.over(version, Transport.PAIR_17K).link(CountingBio.around(plain)).open();
            beforeHandshake.accept(peers);
            peers.pump().handshake();
            assertFalse(peers.client.protocolOutputPending());
            assertFalse(peers.server.protocolOutputPending());
            return new Counted(peers);
        }

        CountingBio bio(Role role) {
            return CountingBio.of(peers, role);
        }

        @Override
        public void close() throws IOException {
            peers.close();
        }
    }
}
