package dev.niotls.tls.interop;

import static dev.niotls.tls.interop.HandshakeBytes.concat;
import static dev.niotls.tls.interop.HandshakeBytes.extension;
import static dev.niotls.tls.interop.HandshakeBytes.uint16;
import static dev.niotls.tls.interop.HandshakeBytes.vector16;
import static dev.niotls.tls.interop.HandshakeBytes.vector8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.interop.HostileSocket.Answer;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules that are the client's (SPEC A1): a raw server answers the ClientHello of a niotls client, and of
 * {@code openssl s_client} 3.0 for comparison, with a crafted first flight, and the test reads the alert the
 * client sends back, in the clear.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileServerTest {
    private static final short UNEXPECTED_MESSAGE = 10;
    private static final int ILLEGAL_PARAMETER = 47;

    private ServerSocketChannel listener;
    private ChildProcess openssl;

    @AfterEach
    void cleanUp() throws Exception {
        if (openssl != null) {
            openssl.close();
        }
        if (listener != null) {
            listener.close();
        }
    }

    /** A1: a TLS 1.3 ServerHello whose X25519 share is all zeros (a point of low order) is illegal_parameter. */
    @Test
    void A1_serverX25519ShareOfAllZerosIsIllegalParameter() throws Exception {
        Function<byte[], byte[]> flight = clientHello -> HandshakeBytes.records(HandshakeBytes.HANDSHAKE, 3,
                HandshakeBytes.handshake(HandshakeBytes.SERVER_HELLO, concat(new byte[] {3, 3}, new byte[32],
                        vector8(sessionId(clientHello)), uint16(0x1301), new byte[] {0},
                        vector16(concat(extension(HandshakeBytes.EXT_SUPPORTED_VERSIONS, uint16(0x0304)),
                                extension(HandshakeBytes.EXT_KEY_SHARE,
                                        concat(uint16(HandshakeBytes.X25519), vector16(new byte[32]))))))));
        assertClientsAnswer("TLSv1.3", flight, ILLEGAL_PARAMETER);
    }

    /**
     * A1: a handshake message over the client's limit (64 KiB by default; OpenSSL's for a Certificate is
     * 100 KiB) is illegal_parameter at its header: here a TLS 1.2 server Certificate announcing 983,040 bytes.
     */
    @Test
    void A1_serverMessageOverTheLimitIsIllegalParameter() throws Exception {
        Function<byte[], byte[]> flight = clientHello -> HandshakeBytes.records(HandshakeBytes.HANDSHAKE, 3, concat(
                HandshakeBytes.handshake(HandshakeBytes.SERVER_HELLO, concat(new byte[] {3, 3}, new byte[32],
                        vector8(new byte[0]), uint16(0xC02B), new byte[] {0},
                        vector16(concat(extension(HandshakeBytes.EXT_RENEGOTIATION_INFO, new byte[] {0}),
                                extension(HandshakeBytes.EXT_EC_POINT_FORMATS, vector8(new byte[] {0})))))),
                HandshakeBytes.handshakeHeader(HandshakeBytes.CERTIFICATE, 0x0F0000), new byte[64]));
        assertClientsAnswer("TLSv1.2", flight, ILLEGAL_PARAMETER);
    }

    /**
     * Issue 12 item 1, the client's side: in a TLS 1.2 renegotiation the server starts, application data
     * between the server's ChangeCipherSpec and its Finished is unexpected_message, from a niotls client and
     * from s_client alike.
     */
    @Test
    void W10_serverApplicationDataBetweenChangeCipherSpecAndFinishedIsUnexpectedMessage() throws Exception {
        TestCertificates certificates = TestCertificates.localhost();
        listener = Loopback.listen();
        int port = Loopback.port(listener);

        openssl = ChildProcess.openssl("s_client", List.of("s_client", "-connect", "127.0.0.1:" + port, "-tls1_2"));
        assertEquals(UNEXPECTED_MESSAGE, renegotiateAgainstHostileServer(certificates), "from openssl s_client");

        TlsContext context = TlsContext.client().insecureTrustAll().protocols("TLSv1.2").build();
        CompletableFuture<TlsConnection> niotls = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel channel = Loopback.connect(port, true)) {
                TlsConnection connection = context.newConnection(new SocketBio(channel));
                connection.setConnectState();
                int result = connection.doHandshake();
                while (result >= 0) {
                    result = connection.read(java.nio.ByteBuffer.allocate(4096)); // AUTO_RETRY runs the renegotiation
                }
                return connection;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(UNEXPECTED_MESSAGE, renegotiateAgainstHostileServer(certificates), "from niotls");
        TlsConnection client = niotls.get(20, TimeUnit.SECONDS);
        assertEquals(TlsError.SSL, client.getError(-1));
        assertEquals(UNEXPECTED_MESSAGE, ((TlsException) client.lastException()).alertDescription(),
                client.lastException().toString());
    }

    private short renegotiateAgainstHostileServer(TestCertificates certificates) throws IOException {
        try (SocketChannel channel = Loopback.accept(listener, true, Loopback.deadline(10))) {
            channel.socket().setSoTimeout(10_000);
            HostileBcServer server = new HostileBcServer(channel.socket(), new byte[] {'x'});
            server.handshake(certificates.certificate(), certificates.privateKey());
            return server.renegotiateAndAwaitAlert();
        }
    }

    /** Runs {@code flight} against a niotls client and against s_client; both must answer the alert. */
    private void assertClientsAnswer(String protocol, Function<byte[], byte[]> flight, int alert) throws Exception {
        listener = Loopback.listen();
        int port = Loopback.port(listener);

        openssl = ChildProcess.openssl("s_client", List.of("s_client", "-connect", "127.0.0.1:" + port,
                protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2"));
        Answer fromOpenSsl = serveOnce(flight);
        assertTrue(fromOpenSsl.isFatalAlert(alert), () -> "openssl s_client answered " + fromOpenSsl);

        TlsContext context = TlsContext.client().insecureTrustAll().protocols(protocol).build();
        CompletableFuture<TlsConnection> niotls = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel channel = Loopback.connect(port, true)) {
                TlsConnection connection = context.newConnection(new SocketBio(channel));
                connection.setConnectState();
                int result = connection.doHandshake();
                assertEquals(TlsError.SSL, connection.getError(result), () -> String.valueOf(connection.lastException()));
                return connection;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Answer fromNiotls = serveOnce(flight);
        assertTrue(fromNiotls.isFatalAlert(alert), () -> "niotls answered " + fromNiotls);
        TlsConnection client = niotls.get(20, TimeUnit.SECONDS);
        assertEquals(alert, ((TlsException) client.lastException()).alertDescription(), client.lastException().toString());
        assertTrue(client.lastReason() != TlsReason.INTERNAL_ERROR, client.lastReason().toString());
    }

    /** Accepts one client, reads its ClientHello, answers {@code flight}, returns what the client answers. */
    private Answer serveOnce(Function<byte[], byte[]> flight) throws IOException {
        try (SocketChannel channel = Loopback.accept(listener, true, Loopback.deadline(10));
                HostileSocket peer = HostileSocket.over(channel.socket())) {
            byte[] clientHello = readRecord(channel.socket());
            peer.send(flight.apply(clientHello));
            return peer.answer(true);
        }
    }

    private static byte[] readRecord(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        InputStream input = socket.getInputStream();
        byte[] header = input.readNBytes(5);
        int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
        return concat(header, input.readNBytes(length));
    }

    /** The legacy_session_id of a ClientHello record, which a TLS 1.3 ServerHello must echo (RFC 8446 4.1.3). */
    private static byte[] sessionId(byte[] clientHelloRecord) {
        int offset = 5 + 4 + 2 + 32;
        int length = clientHelloRecord[offset] & 0xFF;
        return Arrays.copyOfRange(clientHelloRecord, offset + 1, offset + 1 + length);
    }
}
