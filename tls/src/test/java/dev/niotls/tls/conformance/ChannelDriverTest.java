package dev.niotls.tls.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.loop.ChannelDriver;
import dev.niotls.tls.loop.ChannelDriver.Phase;
import dev.niotls.tls.loop.ChannelDriver.Want;
import dev.niotls.tls.testing.SeededStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ChannelDriver}, the one implementation of SPEC section 7, over a 256-byte {@code BioPair}: the
 * side under test is served by the driver, its peer is called directly. Interest comes from the WANTs,
 * a KeyUpdate asked for during a pending write waits for it (H4), the reply a peer asked for is flushed
 * though the application writes nothing (W9), and the close is two-phase (S1, S2).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelDriverTest {
    private static final int ROUNDS = 100_000;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void H4_keyUpdateAskedDuringAPendingWriteGoesOutOnceTheWriteCompleted(Role role) throws Exception {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.PAIR_256)) {
            peers.pump().handshake();
            TlsConnection tested = peers.writer(role);
            TlsConnection peer = peers.reader(role);
            Side side = new Side(tested);
            byte[] data = SeededStream.bytes(13, 50_000);
            side.toWrite = ByteBuffer.wrap(data);
            side.driver.serve();
            assertEquals(Want.WRITE, side.driver.writeWant(), "the pair is full");
            assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, side.driver.interestOps(),
                    "OP_WRITE for the WANT_WRITE, OP_READ because the application still reads");
            assertTrue(tested.hasPendingWrite());
            assertTrue(side.driver.keyUpdate(true), "deferred, not refused");
            assertEquals(0, tested.keyUpdatesSent(), "SSL_key_update would refuse it now (BAD_WRITE_RETRY)");
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            for (int round = 0; round < ROUNDS && (side.toWrite.hasRemaining() || tested.keyUpdatesSent() == 0); round++) {
                readAvailable(peer, buffer, received);
                side.driver.serve();
                assertNull(side.failure);
            }
            assertEquals(1, tested.keyUpdatesSent(), "the deferred KeyUpdate went out after the write");
            readAvailable(peer, buffer, received);
            assertArrayEquals(data, received.toByteArray(), "W12: the peer got the bytes intact");
            assertEquals(1, peer.keyUpdatesReceived());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void W9_theReadPassFlushesTheKeyUpdateReplyThoughTheApplicationWritesNothing(Role role) throws Exception {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.PAIR_256)) {
            peers.pump().handshake();
            TlsConnection tested = peers.reader(role);
            TlsConnection peer = peers.writer(role);
            Side side = new Side(tested);
            side.driver.serve();
            assertEquals(1, peer.keyUpdate(true));
            assertEquals(0, peer.write(ByteBuffer.allocate(0)));
            side.driver.serve();
            assertEquals(1, tested.keyUpdatesReceived());
            assertEquals(1, tested.keyUpdatesSent(), "H4: our reply went out without an application write");
            assertFalse(tested.protocolOutputPending());
            assertEquals(SelectionKey.OP_READ, side.driver.interestOps(), "nothing waits: only OP_READ");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void S2_closeIsTwoPhaseAndDeliversWhatThePeerSendsUntilItsCloseNotify(Role role) throws Exception {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.PAIR_17K)) {
            peers.pump().handshake();
            TlsConnection tested = peers.writer(role);
            TlsConnection peer = peers.reader(role);
            Side side = new Side(tested);
            side.driver.serve();
            assertTrue(side.driver.close());
            side.driver.serve();
            assertEquals(Phase.CLOSE_NOTIFY_SENT, side.driver.phase(), "S1: close_notify out, the peer's awaited");
            assertEquals(SelectionKey.OP_READ, side.driver.interestOps());
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            assertEquals(TlsError.ZERO_RETURN, peer.getError(peer.read(buffer)));
            assertEquals(1000, peer.write(ByteBuffer.allocate(1000)), "W11: the peer may still write");
            assertEquals(1, peer.shutdown());
            side.driver.serve();
            assertEquals(1000, side.received, "what the peer sent after our close_notify was delivered");
            assertTrue(side.ended, "ZERO_RETURN seen");
            assertTrue(side.closed, "S2: SSL_shutdown returned 1");
            assertEquals(Phase.DONE, side.driver.phase());
            assertNull(side.failure);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void S1_theLastWriteAndCloseNotifyLeaveInOneBioWrite(Role role) throws Exception {
        Link counted = CountingBio.around(Link.open(Transport.PAIR_17K));
        try (Peers peers = Peers.over(Matrix.TLS13, Transport.PAIR_17K).link(counted).open()) {
            peers.pump().handshake();
            Side side = new Side(peers.writer(role));
            side.driver.serve();
            CountingBio bio = CountingBio.of(peers, role);
            int writesBefore = bio.writes;
            side.toWrite = seeded(200); // an HTTP response, and the connection ends
            assertTrue(side.driver.close());
            side.driver.serve();
            assertEquals(Phase.CLOSE_NOTIFY_SENT, side.driver.phase());
            assertEquals(writesBefore + 1, bio.writes, "the response and close_notify in one segment");
            TlsConnection peer = peers.reader(role);
            assertEquals(200, peer.read(ByteBuffer.allocate(4096)));
            assertEquals(TlsError.ZERO_RETURN, peer.getError(peer.read(ByteBuffer.allocate(4096))));
            assertFalse(peers.writer(role).protocolOutputPending(), "the driver left the cork off");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void S1_aLargeWriteThenCloseThroughAFullPairArrivesWholeBeforeCloseNotify(Role role) throws Exception {
        try (Peers peers = Peers.open(Matrix.TLS12, Transport.PAIR_256)) {
            peers.pump().handshake();
            TlsConnection peer = peers.reader(role);
            Side side = new Side(peers.writer(role));
            side.driver.serve(); // OPEN
            side.toWrite = seeded(50_000);
            assertTrue(side.driver.close());
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            for (int round = 0; round < ROUNDS && side.driver.phase() != Phase.CLOSE_NOTIFY_SENT; round++) {
                readAvailable(peer, buffer, received); // before the serve: it must not meet close_notify
                side.driver.serve();
                assertNull(side.failure);
            }
            assertEquals(Phase.CLOSE_NOTIFY_SENT, side.driver.phase());
            buffer.clear();
            int last = peer.read(buffer);
            for (; last > 0; last = peer.read(buffer.clear())) {
                received.write(buffer.array(), 0, last);
            }
            assertEquals(TlsError.ZERO_RETURN, peer.getError(last), "close_notify after all the data");
            assertArrayEquals(seeded(50_000).array(), received.toByteArray(), "W12: intact, in order");
        }
    }

    private static ByteBuffer seeded(int length) {
        return ByteBuffer.wrap(SeededStream.bytes(17, length));
    }

    private static void readAvailable(TlsConnection peer, ByteBuffer buffer, ByteArrayOutputStream into) {
        for (;;) {
            buffer.clear();
            int count = peer.read(buffer);
            if (count <= 0) {
                assertEquals(TlsError.WANT_READ, peer.getError(count), () -> "peer: " + peer.lastReason());
                return;
            }
            into.write(buffer.array(), 0, count);
        }
    }

    /** The plaintext side of the connection under test: one buffer to write, a count of what it read. */
    private static final class Side implements ChannelDriver.Endpoint {
        final ChannelDriver driver;
        final ByteBuffer readBuffer = ByteBuffer.allocate(16 * 1024);
        ByteBuffer toWrite = ByteBuffer.allocate(0);
        long received;
        boolean ended;
        boolean closed;
        String failure;

        Side(TlsConnection connection) {
            this.driver = new ChannelDriver(connection, this);
        }

        @Override
        public ByteBuffer pendingWrite() {
            return toWrite.hasRemaining() ? toWrite : null;
        }

        @Override
        public void written(int count) {
            // toWrite's position says it all
        }

        @Override
        public ByteBuffer readBuffer() {
            return readBuffer.clear();
        }

        @Override
        public void received(ByteBuffer data) {
            received += data.remaining();
        }

        @Override
        public void endOfStream() {
            ended = true;
        }

        @Override
        public void closed() {
            closed = true;
        }

        @Override
        public void failed(String call, TlsError error) {
            failure = call + ": " + error;
        }
    }
}
