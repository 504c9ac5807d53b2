package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.Loopback;
import dev.niotls.tls.testing.LoopbackSockets;
import dev.niotls.tls.testing.Pump;
import dev.niotls.tls.testing.SeededStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What niotls does with input that is not a well-behaved TLS peer's, on real loopback sockets: each
 * case ends in {@code SSL} with a specific {@link TlsReason} from doHandshake/read (never an exception
 * out of the API), and sends the alert TLS prescribes, checked byte for byte where it travels in the
 * clear (a TLS alert record {@code 15 03 0x 00 02 02 <description>}) and through the peer's
 * ALERT_RECEIVED where it is encrypted (SPEC R5, R6, H1).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BadInputTest {
    private static final int UNEXPECTED_MESSAGE = 10;
    private static final int BAD_RECORD_MAC = 20;
    private static final int RECORD_OVERFLOW = 22;
    private static final int HANDSHAKE_FAILURE = 40;
    private static final int PROTOCOL_VERSION = 70;

    private static final TlsContext SERVER = TlsContext.server().selfSigned("localhost").build();

    private LoopbackSockets sockets;
    private RawPeer raw;
    private SelectorDriver clientDriver;
    private SelectorDriver serverDriver;

    @AfterEach
    void cleanUp() throws IOException {
        for (AutoCloseable closeable : new AutoCloseable[] {clientDriver, serverDriver, raw, sockets}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // Closing twice (raw and sockets share a channel) is harmless.
            }
        }
    }

    @Test
    void R6_garbageBytesToServer_WRONG_VERSION_NUMBER_and_unexpected_message() throws Exception {
        TlsConnection server = rawClientAgainstServer(SERVER);
        byte[] garbage = seeded(1, 200);
        garbage[0] = 0x01; // no such record type
        raw.send(garbage);
        expectFailure(server, server::doHandshake, serverDriver, TlsReason.WRONG_VERSION_NUMBER);
        server.bio().shutdownOutput(); // FIN (no RST): the raw peer reads EOF right after any alert
        // RFC 8446 section 5 wants unexpected_message for an unknown record type; OpenSSL 3.x sends no alert
        // when the very first record does not look like TLS (ssl3_get_record: SSL_AD_NO_ALERT). Either is
        // accepted; whatever comes must be that alert.
        byte[] answer = raw.receive(7, Loopback.deadline(10));
        if (answer.length > 0) {
            assertPlaintextAlert(answer, UNEXPECTED_MESSAGE);
        }
    }

    @Test
    void R6_garbageBytesToClient_WRONG_VERSION_NUMBER() throws Exception {
        TlsConnection client = clientAgainstRawServer("TLSv1.3");
        raw.receiveRecord(Loopback.deadline(10)); // the ClientHello
        raw.discardReceived();
        byte[] garbage = seeded(2, 300);
        garbage[0] = (byte) 0xC7;
        raw.send(garbage);
        expectFailure(client, client::doHandshake, clientDriver, TlsReason.WRONG_VERSION_NUMBER);
        client.bio().shutdownOutput();
        assertPlaintextAlert(raw.receive(7, Loopback.deadline(10)), UNEXPECTED_MESSAGE);
    }

    @Test
    void R6_plaintextHttpRequest_HTTP_REQUEST() throws Exception {
        TlsConnection server = rawClientAgainstServer(SERVER);
        raw.send("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        expectFailure(server, server::doHandshake, serverDriver, TlsReason.HTTP_REQUEST);
        server.bio().shutdownOutput();
        // OpenSSL sends nothing here (SSL_AD_NO_ALERT); an alert is allowed: whatever comes must be one.
        byte[] answer = raw.receive(7, Loopback.deadline(10));
        if (answer.length > 0) {
            assertPlaintextAlert(answer, UNEXPECTED_MESSAGE);
        }
    }

    @Test
    void R5_truncatedRecordThenEofInHandshake_UNEXPECTED_EOF_WHILE_READING() throws Exception {
        TlsConnection server = rawClientAgainstServer(SERVER);
        byte[] truncated = new byte[5 + 40];
        System.arraycopy(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xC8}, 0, truncated, 0, 5); // 200 announced
        truncated[5] = 0x01; // ClientHello
        raw.send(truncated);
        raw.shutdownOutput();
        expectFailure(server, server::doHandshake, serverDriver, TlsReason.UNEXPECTED_EOF_WHILE_READING);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void R5_truncatedRecordThenEofAfterHandshake_UNEXPECTED_EOF_WHILE_READING(String protocol) throws Exception {
        TlsConnection[] pair = establishedPair(protocol, false);
        TlsConnection server = pair[1];
        // An application-data record announcing 64 bytes, only 10 sent, then FIN.
        byte[] truncated = new byte[5 + 10];
        System.arraycopy(new byte[] {0x17, 0x03, 0x03, 0x00, 0x40}, 0, truncated, 0, 5);
        rawWrite(sockets.client(), truncated);
        sockets.client().shutdownOutput();
        int result = serverDriver.callUntilDone(() -> server.read(ByteBuffer.allocate(1024)), Loopback.deadline(10));
        assertTrue(result <= 0, "read: " + result);
        assertFailed(server, result, TlsReason.UNEXPECTED_EOF_WHILE_READING);
    }

    /**
     * RFC 8446 section 5.1 / RFC 5246 section 6.2.3: a record longer than allowed MUST end the connection
     * with record_overflow; OpenSSL 3.x sends it too (ssl3_get_record: SSL_AD_RECORD_OVERFLOW), even as
     * the first record a server sees.
     */
    @Test
    void R6_oversizedRecordHeaderInHandshake_RECORD_OVERFLOW() throws Exception {
        TlsConnection server = rawClientAgainstServer(SERVER);
        byte[] oversized = new byte[5 + 100];
        // 18433 bytes announced: over 2^14 + 2048, the TLS 1.2 ciphertext limit (RFC 5246 6.2.3).
        System.arraycopy(new byte[] {0x16, 0x03, 0x01, 0x48, 0x01}, 0, oversized, 0, 5);
        oversized[5] = 0x01;
        raw.send(oversized);
        expectFailure(server, server::doHandshake, serverDriver, TlsReason.RECORD_OVERFLOW);
        server.bio().shutdownOutput();
        assertPlaintextAlert(raw.receive(7, Loopback.deadline(10)), RECORD_OVERFLOW);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void R6_oversizedRecordHeaderAfterHandshake_RECORD_OVERFLOW(String protocol) throws Exception {
        TlsConnection[] pair = establishedPair(protocol, false);
        TlsConnection client = pair[0];
        TlsConnection server = pair[1];
        byte[] oversized = new byte[5 + 100];
        System.arraycopy(new byte[] {0x17, 0x03, 0x03, 0x48, 0x01}, 0, oversized, 0, 5);
        rawWrite(sockets.client(), oversized);
        expectFailure(server, () -> server.read(ByteBuffer.allocate(1024)), serverDriver, TlsReason.RECORD_OVERFLOW);
        // The alert is encrypted now: the client reads it as ALERT_RECEIVED record_overflow.
        expectAlertReceived(client, RECORD_OVERFLOW);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void R6_flippedBitInApplicationData_BAD_RECORD_MAC(String protocol) throws Exception {
        TlsConnection[] pair = establishedPair(protocol, true);
        TlsConnection client = pair[0];
        TlsConnection server = pair[1];
        flipper.arm();
        ByteBuffer data = ByteBuffer.wrap(seeded(3, 1000));
        int written = clientDriver.callUntilDone(() -> client.write(data), Loopback.deadline(10));
        assertEquals(1000, written);
        assertTrue(flipper.flipped());
        expectFailure(server, () -> server.read(ByteBuffer.allocate(4096)), serverDriver, TlsReason.BAD_RECORD_MAC);
        assertEquals(BAD_RECORD_MAC, ((TlsException) server.lastException()).alertDescription(), "alert sent");
        expectAlertReceived(client, BAD_RECORD_MAC);
    }

    @Test
    void R6_H1_fatalAlertInHandshake_ALERT_RECEIVED_with_code() throws Exception {
        TlsConnection client = clientAgainstRawServer("TLSv1.2");
        raw.receiveRecord(Loopback.deadline(10));
        raw.send(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, (byte) HANDSHAKE_FAILURE});
        expectFailure(client, client::doHandshake, clientDriver, TlsReason.ALERT_RECEIVED);
        assertEquals(HANDSHAKE_FAILURE, ((TlsException) client.lastException()).alertDescription());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void R6_H2_encryptedFatalAlertFromClient_ALERT_RECEIVED_with_code(String protocol) throws Exception {
        // A client that does not trust the server's certificate aborts with a fatal alert; in TLS 1.3 it
        // travels encrypted under the handshake keys. The server reports it with its code.
        TlsContext otherServer = TlsContext.server().selfSigned("localhost").build();
        TlsContext client = TlsContext.client().trust(otherServer.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).build();
        sockets = LoopbackSockets.open(false);
        TlsConnection clientConnection = client.newConnection(new SocketBio(sockets.client()));
        clientConnection.setConnectState();
        TlsConnection serverConnection = SERVER.newConnection(new SocketBio(sockets.server()));
        serverConnection.setAcceptState();
        Pump pump = new Pump(clientConnection, serverConnection);
        long deadline = Loopback.deadline(20);
        boolean clientFailed = false;
        boolean serverFailed = false;
        while (!(clientFailed && serverFailed)) {
            assertTrue(System.nanoTime() - deadline < 0, "no failure on both sides: " + pump.describe());
            clientFailed |= failedNow(clientConnection, clientConnection.doHandshake());
            serverFailed |= failedNow(serverConnection, serverConnection.doHandshake());
        }
        assertEquals(TlsReason.CERTIFICATE_VERIFY_FAILED, clientConnection.lastReason());
        int sent = ((TlsException) clientConnection.lastException()).alertDescription();
        assertTrue(sent > 0, "the client names the alert it sent");
        assertEquals(TlsReason.ALERT_RECEIVED, serverConnection.lastReason());
        assertEquals(sent, ((TlsException) serverConnection.lastException()).alertDescription());
    }

    @ParameterizedTest(name = "client offers only TLS 1.{0}")
    @ValueSource(ints = {0, 1})
    void H1_clientOfferingOnlyOldVersions_UNSUPPORTED_PROTOCOL_and_protocol_version(int minor) throws Exception {
        TlsConnection server = rawClientAgainstServer(SERVER);
        raw.send(legacyClientHello(minor + 1)); // TLS 1.0 is 3.1, TLS 1.1 is 3.2
        expectFailure(server, server::doHandshake, serverDriver, TlsReason.UNSUPPORTED_PROTOCOL);
        server.bio().shutdownOutput();
        // RFC 8446 appendix D.2 / RFC 5246 E.1: refuse with a protocol_version alert.
        assertPlaintextAlert(raw.receive(7, Loopback.deadline(10)), PROTOCOL_VERSION);
    }

    // ---- fixture ----

    private BitFlipBio flipper;

    /** niotls serves on one end of a loopback pair; the test speaks raw bytes on the other. */
    private TlsConnection rawClientAgainstServer(TlsContext context) throws IOException {
        sockets = LoopbackSockets.open(false);
        raw = new RawPeer(sockets.client());
        TlsConnection server = context.newConnection(new SocketBio(sockets.server()));
        server.setAcceptState();
        serverDriver = new SelectorDriver("niotls server", server, sockets.server());
        return server;
    }

    /** A niotls client on one end; the test plays the server with raw bytes. */
    private TlsConnection clientAgainstRawServer(String protocol) throws IOException {
        sockets = LoopbackSockets.open(false);
        raw = new RawPeer(sockets.server());
        TlsConnection client = TlsContext.client().trust(SERVER.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).build().newConnection(new SocketBio(sockets.client()));
        client.setConnectState();
        clientDriver = new SelectorDriver("niotls client", client, sockets.client());
        // The first call sends the ClientHello.
        assertEquals(-1, client.doHandshake());
        assertEquals(TlsError.WANT_READ, client.getError(-1));
        return client;
    }

    /** A niotls client and server on loopback, handshake done; the client's BIO may flip a bit later. */
    private TlsConnection[] establishedPair(String protocol, boolean flipBits) throws IOException {
        sockets = LoopbackSockets.open(false);
        flipper = new BitFlipBio(new SocketBio(sockets.client()));
        TlsConnection client = TlsContext.client().trust(SERVER.certificateChain().get(0)).serverName("localhost")
                .protocols(protocol).build().newConnection(flipBits ? flipper : new SocketBio(sockets.client()));
        client.setConnectState();
        TlsConnection server = SERVER.newConnection(new SocketBio(sockets.server()));
        server.setAcceptState();
        new Pump(client, server).handshake();
        assertEquals(protocol, server.protocol());
        clientDriver = new SelectorDriver("niotls client", client, sockets.client());
        serverDriver = new SelectorDriver("niotls server", server, sockets.server());
        return new TlsConnection[] {client, server};
    }

    private static void expectFailure(TlsConnection connection, IntSupplier call, SelectorDriver driver,
            TlsReason reason) throws IOException {
        int result = driver.callUntilDone(call, Loopback.deadline(10));
        assertEquals(-1, result, "result");
        assertFailed(connection, result, reason);
    }

    private static void assertFailed(TlsConnection connection, int result, TlsReason reason) {
        assertEquals(TlsError.SSL, connection.getError(result), () -> "error; reason " + connection.lastReason()
                + ", " + connection.lastException());
        assertEquals(reason, connection.lastReason(), () -> causes(connection.lastException()));
        assertTrue(connection.lastException() instanceof TlsException, "lastException is a TlsException");
        // The connection stays failed: later calls say SSL again and throw nothing.
        assertEquals(TlsError.SSL, connection.getError(connection.read(ByteBuffer.allocate(16))));
        assertEquals(TlsError.SSL, connection.getError(connection.write(ByteBuffer.allocate(16))));
    }

    private void expectAlertReceived(TlsConnection connection, int description) throws IOException {
        SelectorDriver driver = connection == clientConnection() ? clientDriver : serverDriver;
        expectFailure(connection, () -> connection.read(ByteBuffer.allocate(4096)), driver, TlsReason.ALERT_RECEIVED);
        assertEquals(description, ((TlsException) connection.lastException()).alertDescription());
    }

    private TlsConnection clientConnection() {
        return clientDriver == null ? null : clientDriver.connection();
    }

    private static boolean failedNow(TlsConnection connection, int result) {
        if (result == 1) {
            throw new AssertionError(connection + " completed a handshake that must fail");
        }
        TlsError error = connection.getError(result);
        return error != TlsError.WANT_READ && error != TlsError.WANT_WRITE;
    }

    /** {@code 15 03 0x 00 02 02 <description>}: one fatal alert record, in the clear. */
    private static void assertPlaintextAlert(byte[] received, int description) {
        String hex = HexFormat.of().formatHex(received);
        assertTrue(received.length >= 7, "expected a 7-byte alert record, got " + hex);
        assertEquals(0x15, received[0], "record type alert: " + hex);
        assertEquals(0x03, received[1], hex);
        assertTrue(received[2] >= 1 && received[2] <= 4, "record version 3.x: " + hex);
        assertEquals(0x00, received[3], hex);
        assertEquals(0x02, received[4], "alert length 2: " + hex);
        assertEquals(0x02, received[5], "level fatal: " + hex);
        assertEquals(description, received[6], "description: " + hex);
    }

    /**
     * A TLS 1.0/1.1 ClientHello with no supported_versions extension, as an old client sends: version
     * 3.{@code minor} in the record and the body, two CBC suites and the renegotiation SCSV, null
     * compression, supported_groups and ec_point_formats.
     */
    private static byte[] legacyClientHello(int minor) {
        ByteBuffer body = ByteBuffer.allocate(512);
        body.put((byte) 3).put((byte) minor);
        body.put(seeded(4, 32)); // random
        body.put((byte) 0); // session id
        // ECDHE_RSA and RSA with AES128-CBC-SHA, and TLS_EMPTY_RENEGOTIATION_INFO_SCSV (RFC 5746), as old
        // OpenSSL clients send: without it Bouncy Castle refuses with handshake_failure before looking at versions.
        body.putShort((short) 6).putShort((short) 0xC013).putShort((short) 0x002F).putShort((short) 0x00FF);
        body.put((byte) 1).put((byte) 0); // compression: null
        ByteBuffer extensions = ByteBuffer.allocate(64);
        extensions.putShort((short) 0x000A).putShort((short) 4).putShort((short) 2).putShort((short) 0x0017); // secp256r1
        extensions.putShort((short) 0x000B).putShort((short) 2).put((byte) 1).put((byte) 0); // point formats
        extensions.flip();
        body.putShort((short) extensions.remaining()).put(extensions);
        body.flip();
        ByteBuffer record = ByteBuffer.allocate(9 + body.remaining());
        record.put((byte) 0x16).put((byte) 3).put((byte) minor).putShort((short) (4 + body.remaining()));
        record.put((byte) 1).put((byte) 0).putShort((short) body.remaining()).put(body);
        return record.array();
    }

    private static String causes(Throwable failure) {
        StringBuilder chain = new StringBuilder();
        for (Throwable cause = failure; cause != null && chain.length() < 2000; cause = cause.getCause()) {
            chain.append(cause).append(cause.getStackTrace().length > 0 ? " at " + cause.getStackTrace()[0] : "")
                    .append(" <- ");
        }
        return chain.toString();
    }

    private static byte[] seeded(long seed, int length) {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        new SeededStream(seed).fill(buffer);
        return buffer.array();
    }

    private static void rawWrite(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
