package dev.niotls.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.record.Tls13Engine;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.PumpSide;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a TLS 1.3 peer may send after the handshake, and what niotls answers when it breaks the rules (SPEC L2,
 * L4, L5; issue 12 item 9). The misbehaving peer is a niotls connection whose record layer protects whatever the
 * test gives it ({@link Tls13Engine#writeRecordForTest}); the alert the victim sends is checked where it lands,
 * in the misbehaving peer, which opens it and reports ALERT_RECEIVED with the alert's code.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostHandshakeInputTest {
    private static final byte ALERT = 21;
    private static final byte HANDSHAKE = 22;
    private static final byte APPLICATION_DATA = 23;
    private static final int UNEXPECTED_MESSAGE = 10;
    private static final int BAD_RECORD_MAC = 20;
    private static final int RECORD_OVERFLOW = 22;
    private static final int HANDSHAKE_FAILURE = 40;
    private static final int ILLEGAL_PARAMETER = 47;
    private static final int DECODE_ERROR = 50;
    private static final int USER_CANCELED = 90;

    private final TlsConnection[] pair = HandOffTest.handshake(HandOffTest.SERVER, HandOffTest.client("TLSv1.3"),
            17_000);
    private final TlsConnection client = pair[0];
    private final TlsConnection server = pair[1];

    @Test
    void L4_keyUpdateSplitByApplicationDataIsUnexpectedMessage() {
        send(client, HANDSHAKE, 24, 0, 0);
        send(client, APPLICATION_DATA, 1, 2, 3);
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L4_keyUpdateSplitByAnAlertIsUnexpectedMessage() {
        send(client, HANDSHAKE, 24, 0, 0);
        send(client, ALERT, 1, 0);
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L4_keyUpdateFollowedByHandshakeBytesInItsRecordIsUnexpectedMessage() {
        send(client, HANDSHAKE, 24, 0, 0, 1, 0, 4, 0);
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L4_twoKeyUpdatesInOneRecordAreUnexpectedMessageNotBadRecordMac() {
        send(client, HANDSHAKE, 24, 0, 0, 1, 1, 24, 0, 0, 1, 1);
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L4_emptyKeyUpdateIsDecodeError() {
        send(client, HANDSHAKE, 24, 0, 0, 0);
        assertVictimAlert(server, client, DECODE_ERROR);
    }

    @Test
    void L4_overlongKeyUpdateIsDecodeError() {
        send(client, HANDSHAKE, 24, 0, 0, 2, 0, 0);
        assertVictimAlert(server, client, DECODE_ERROR);
    }

    @Test
    void L4_requestUpdateOtherThanZeroOrOneIsIllegalParameter() {
        send(client, HANDSHAKE, 24, 0, 0, 1, 2);
        assertVictimAlert(server, client, ILLEGAL_PARAMETER);
    }

    @Test
    void L4_keyUpdateSplitAcrossHandshakeRecordsIsAccepted() {
        // RFC 8446 section 5.1: a message may be fragmented over records of its own type. The attacker's own
        // write key does not move (the test wrote the message by hand), so its next record fails to open at
        // the victim: proof that the victim took the KeyUpdate when its last fragment arrived.
        send(client, HANDSHAKE, 24, 0);
        send(client, HANDSHAKE, 0, 1, 0);
        assertEquals(-1, server.read(ByteBuffer.allocate(10)));
        assertEquals(TlsError.WANT_READ, server.getError(-1));
        assertEquals(1, server.keyUpdatesReceived());
        send(client, APPLICATION_DATA, 1, 2, 3);
        assertVictimAlert(server, client, BAD_RECORD_MAC);
    }

    @Test
    void L4_manyRequestsBeforeOurNextWriteGetOneKeyUpdate() throws Exception {
        Tls13Engine engine = (Tls13Engine) client.engineForTest();
        engine.sendKeyUpdate(true);
        engine.sendKeyUpdate(true);
        engine.sendKeyUpdate(true);
        flush(client);
        assertEquals(-1, server.read(ByteBuffer.allocate(10)));
        assertEquals(TlsError.WANT_READ, server.getError(-1));
        assertEquals(3, server.keyUpdatesReceived());
        Pump pump = new Pump(client, server);
        pump.transfer(pump.server(), 7, 50_000, 4096, 1000);
        assertEquals(1, server.keyUpdatesSent());
        assertEquals(1, client.keyUpdatesReceived());
        pump.transfer(pump.client(), 8, 50_000, 4096, 1000); // the client's keys are three updates on: still in step
    }

    @Test
    void L5_emptyAlertRecordIsUnexpectedMessage() {
        send(client, ALERT);
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L5_malformedAlertIsDecodeError() {
        send(client, ALERT, 2, 40, 0);
        assertVictimAlert(server, client, DECODE_ERROR);
    }

    @Test
    void L5_warningLevelAlertsOtherThanCloseNotifyAreFatal() {
        send(client, ALERT, 1, 42); // bad_certificate at level warning
        assertEquals(-1, server.read(ByteBuffer.allocate(10)));
        assertEquals(TlsError.SSL, server.getError(-1));
        assertEquals(TlsReason.ALERT_RECEIVED, server.lastReason());
        assertEquals(42, ((TlsException) server.lastException()).alertDescription());
    }

    @Test
    void L5_userCanceledIsIgnoredAsOpenSslDoesButNotWithoutEnd() {
        // The JDK sends user_canceled before close_notify when an SSLSocket closes; OpenSSL 3 ignores it in
        // TLS 1.3, up to MAX_WARN_ALERT_COUNT (5) in a row.
        send(client, ALERT, 1, USER_CANCELED);
        send(client, APPLICATION_DATA, 7);
        ByteBuffer in = ByteBuffer.allocate(10);
        assertEquals(1, server.read(in));
        for (int i = 0; i < 5; i++) {
            send(client, ALERT, 1, USER_CANCELED);
        }
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L5_fatalAlertIsReported() {
        send(server, ALERT, 2, HANDSHAKE_FAILURE);
        assertEquals(-1, client.read(ByteBuffer.allocate(10)));
        assertEquals(TlsReason.ALERT_RECEIVED, client.lastReason());
        assertEquals(HANDSHAKE_FAILURE, ((TlsException) client.lastException()).alertDescription());
    }

    @Test
    void L5_certificateRequestAfterTheHandshakeIsUnexpectedMessage() {
        send(server, HANDSHAKE, 13, 0, 0, 5, 0, 0, 2, 0, 0);
        assertVictimAlert(client, server, UNEXPECTED_MESSAGE);
    }

    @Test
    void L5_newSessionTicketIsParsedAndDropped() {
        send(server, HANDSHAKE, 4, 0, 0, 17, 0, 0, 14, 16, 1, 2, 3, 4, 1, 0xAA, 0, 3, 0xBB, 0xCC, 0xDD, 0, 0);
        Pump pump = new Pump(client, server);
        pump.transfer(pump.server(), 9, 10_000, 4096, 1000);
        pump.transfer(pump.client(), 10, 10_000, 4096, 1000);
    }

    @Test
    void L5_malformedNewSessionTicketIsDecodeError() {
        send(server, HANDSHAKE, 4, 0, 0, 11, 0, 0, 14, 16, 1, 2, 3, 4, 1, 0xAA, 0); // the ticket is cut short
        assertVictimAlert(client, server, DECODE_ERROR);
    }

    @Test
    void L5_newSessionTicketToAServerIsUnexpectedMessage() {
        send(client, HANDSHAKE, 4, 0, 0, 17, 0, 0, 14, 16, 1, 2, 3, 4, 1, 0xAA, 0, 3, 0xBB, 0xCC, 0xDD, 0, 0);
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L2_allZeroInnerPlaintextIsUnexpectedMessage() {
        send(client, (byte) 0, 0, 0, 0);
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L2_plaintextOver16KiBIsRecordOverflow() {
        ((Tls13Engine) client.engineForTest()).writeRecordForTest(APPLICATION_DATA, new byte[(1 << 14) + 1]);
        flush(client);
        assertVictimAlert(server, client, RECORD_OVERFLOW);
    }

    @Test
    void L2_ciphertextOver16KiBPlus256IsRecordOverflowAtItsHeader() {
        int length = (1 << 14) + 257;
        raw(client, APPLICATION_DATA, 3, 3, length >>> 8, length & 0xFF, 1, 2, 3);
        assertVictimAlert(server, client, RECORD_OVERFLOW);
    }

    @Test
    void L2_changeCipherSpecAfterTheHandshakeIsUnexpectedMessage() {
        raw(client, 20, 3, 3, 0, 1, 1);
        assertVictimAlert(server, client, UNEXPECTED_MESSAGE);
    }

    @Test
    void L2_recordThatDoesNotOpenIsBadRecordMac() {
        byte[] record = new byte[5 + 40];
        record[0] = APPLICATION_DATA;
        record[1] = 3;
        record[2] = 3;
        record[4] = 40;
        raw(client, record);
        assertVictimAlert(server, client, BAD_RECORD_MAC);
    }

    @Test
    void L6_keyUpdateAfterTheConfiguredNumberOfRecords() {
        TlsContext limited = TlsContext.client().trust(HandOffTest.SERVER.certificateChain().get(0))
                .serverName("localhost").keyUpdateAfter(4).build();
        TlsConnection[] connections = HandOffTest.handshake(HandOffTest.SERVER, limited, 17_000);
        Pump pump = new Pump(connections[0], connections[1]);
        PumpSide receiver = pump.transfer(pump.client(), 11, 40 * 1000, 4096, 1000); // 40 records of 1,000 bytes
        assertTrue(connections[0].keyUpdatesSent() >= 8, "sent " + connections[0].keyUpdatesSent());
        assertEquals(connections[0].keyUpdatesSent(), receiver.connection().keyUpdatesReceived());
        assertEquals(0, connections[1].keyUpdatesSent()); // update_not_requested: the server's key is its own
    }

    /** Sends one protected record of {@code type} holding {@code content}, as the misbehaving peer. */
    private static void send(TlsConnection attacker, byte type, int... content) {
        byte[] bytes = new byte[content.length];
        for (int i = 0; i < content.length; i++) {
            bytes[i] = (byte) content[i];
        }
        ((Tls13Engine) attacker.engineForTest()).writeRecordForTest(type, bytes);
        flush(attacker);
    }

    private static void raw(TlsConnection attacker, int... bytes) {
        byte[] record = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            record[i] = (byte) bytes[i];
        }
        raw(attacker, record);
    }

    private static void raw(TlsConnection attacker, byte[] record) {
        try {
            assertEquals(record.length, attacker.bio().write(ByteBuffer.wrap(record)));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void flush(TlsConnection connection) {
        assertEquals(0, connection.write(ByteBuffer.allocate(0)));
        assertTrue(!connection.hasPendingOutput());
    }

    /** The victim fails with {@code alert}, and the misbehaving peer receives exactly that alert. */
    private static void assertVictimAlert(TlsConnection victim, TlsConnection attacker, int alert) {
        assertEquals(-1, victim.read(ByteBuffer.allocate(100)));
        assertEquals(TlsError.SSL, victim.getError(-1), victim.lastReason().toString());
        assertEquals(alert, ((TlsException) victim.lastException()).alertDescription(), victim.lastException().toString());
        assertEquals(-1, attacker.read(ByteBuffer.allocate(100)));
        assertEquals(TlsError.SSL, attacker.getError(-1));
        assertEquals(TlsReason.ALERT_RECEIVED, attacker.lastReason());
        assertEquals(alert, ((TlsException) attacker.lastException()).alertDescription());
    }
}
