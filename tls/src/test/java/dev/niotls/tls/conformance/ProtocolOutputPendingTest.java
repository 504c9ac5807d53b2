package dev.niotls.tls.conformance;

import static dev.niotls.tls.conformance.Steps.assertFailed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.testing.Pump;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link TlsConnection#protocolOutputPending()}: the signal a loop flushes on when its application has
 * nothing to write (SPEC section 7 with H4, H3, W9 and S1): true while protocol bytes are owed, false
 * once they reached the BIO, and never true for a handshake that only waits on the peer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtocolOutputPendingTest {
    private static final long SEED = 0x5EED_0017L;

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void H4_requestedKeyUpdateReplyIsPendingUntilAZeroLengthWrite(Role role) throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS13, Transport.PAIR_17K).link(Link.pair(1 << 16, 1 << 16)).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            TlsConnection initiator = peers.writer(role);
            TlsConnection peer = peers.reader(role);
            assertFalse(initiator.protocolOutputPending(), "nothing owed after the handshake");
            assertFalse(peer.protocolOutputPending(), "nothing owed after the handshake");
            assertEquals(1, initiator.keyUpdate(true));
            assertTrue(initiator.protocolOutputPending(), "our scheduled KeyUpdate");
            assertEquals(0, initiator.write(ByteBuffer.allocate(0)));
            assertFalse(initiator.protocolOutputPending(), "W9 sent it");
            assertFailed(peer, peer.read(ByteBuffer.allocate(100)), TlsError.WANT_READ);
            assertTrue(peer.protocolOutputPending(), "H4: the reply is owed though the application wrote nothing");
            assertEquals(0, peers.inFlightToWriter(role), "owed, not sent");
            assertEquals(0, peer.write(ByteBuffer.allocate(0)));
            assertFalse(peer.protocolOutputPending(), "the reply went out");
            assertTrue(peers.inFlightToWriter(role) > 0);
            assertFailed(initiator, initiator.read(ByteBuffer.allocate(100)), TlsError.WANT_READ);
            assertFalse(initiator.protocolOutputPending(), "a reply to our KeyUpdate asks for nothing back");
            RenegotiationTest.bothWays(pump, SEED, 30_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void H4_keyUpdateWithoutRequestOwesNoReply(Role role) throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.PAIR_17K)) {
            peers.pump().handshake();
            TlsConnection initiator = peers.writer(role);
            TlsConnection peer = peers.reader(role);
            assertEquals(1, initiator.keyUpdate(false));
            assertEquals(0, initiator.write(ByteBuffer.allocate(0)));
            assertFailed(peer, peer.read(ByteBuffer.allocate(100)), TlsError.WANT_READ);
            assertEquals(1, peer.keyUpdatesReceived());
            assertFalse(peer.protocolOutputPending());
        }
    }

    @Test
    void H3_scheduledRenegotiationIsPendingUntilSentButNotWhileItWaitsOnThePeer() throws IOException {
        try (Peers peers = Peers.over(Matrix.TLS12, Transport.PAIR_17K)
                .serverOptions(TlsOption.ALLOW_CLIENT_RENEGOTIATION).open()) {
            Pump pump = peers.pump();
            pump.handshake();
            assertEquals(1, peers.client.renegotiate());
            assertTrue(peers.client.protocolOutputPending(), "the ClientHello is owed");
            assertFailed(peers.client, peers.client.write(ByteBuffer.allocate(0)), TlsError.WANT_READ);
            assertTrue(peers.link.inFlightToServer() > 0, "the ClientHello went out");
            assertFalse(peers.client.protocolOutputPending(), "the handshake waits on the peer: nothing to flush");
            RenegotiationTest.bothWays(pump, SEED, 30_000);
        }
    }

    @Test
    void S1_closeNotifyTheBioCannotTakeIsPendingUntilFlushed() throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.PAIR_1)) {
            peers.pump().handshake();
            assertFailed(peers.server, peers.server.shutdown(), TlsError.WANT_WRITE);
            assertTrue(peers.server.protocolOutputPending(), "S1: the rest of our close_notify");
            ByteBuffer dst = ByteBuffer.allocate(100);
            int result = -1;
            for (int i = 0; i < 1000 && result < 0; i++) {
                peers.client.read(dst); // takes the one byte the pair holds
                result = peers.server.shutdown();
            }
            assertEquals(0, result, "S1: sent, the peer's not yet come");
            assertFalse(peers.server.protocolOutputPending());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void W3_stalledWriteHoldsCiphertextTheBioMustTake(Role role) throws IOException {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.PAIR_17K)) {
            Pump pump = peers.pump();
            pump.handshake();
            int size = WriteRulesTest.blockingSize(Transport.PAIR_17K);
            ByteBuffer src = WriteRulesTest.blockedWrite(peers, role, size);
            assertTrue(peers.writer(role).protocolOutputPending(), "W3: committed records wait for the BIO");
            peers.writerSide(role).send(WriteRulesTest.SEED, size).withPendingWrite(src, 0);
            peers.readerSide(role).receive(WriteRulesTest.SEED, size, 4096);
            pump.run();
            assertFalse(peers.writer(role).protocolOutputPending());
        }
    }
}
