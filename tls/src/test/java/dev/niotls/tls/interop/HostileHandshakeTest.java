package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.interop.HandshakeBytes.ClientHello;
import dev.niotls.tls.interop.HostileSocket.Answer;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import java.io.IOException;
import java.net.Socket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.HandshakeType;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile peers past the ClientHello, over a real socket (SPEC A1, W10, issue 12 item 1): a Bouncy Castle
 * client that gets the crypto right and sends malformed Finished and KeyUpdate messages, or application
 * data between its ChangeCipherSpec and Finished in a renegotiation, and a raw peer that announces a
 * handshake message over the size limit. Each case runs against a niotls server and against
 * {@code openssl s_server} 3.0 with the same certificate, and checks the alert each sends.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileHandshakeTest {
    private static final short UNEXPECTED_MESSAGE = 10;
    private static final short ILLEGAL_PARAMETER = 47;
    private static final short DECODE_ERROR = 50;

    private static Path dir;
    private static NiotlsServerThread niotls;
    private static ChildProcess openssl;
    private static int opensslPort;

    @BeforeAll
    static void startServers() throws Exception {
        dir = Files.createTempDirectory("niotls-hostile");
        TestCertificates certificates = TestCertificates.localhost();
        niotls = NiotlsServerThread.start(TlsContext.server()
                .keyStore(certificates.keyStore(), TestCertificates.password())
                .options(TlsOption.ALLOW_CLIENT_RENEGOTIATION).requestClientCertificate().insecureTrustAll().build());
        Path certificate = certificates.writeCertificatePem(dir.resolve("server.pem"));
        Path key = certificates.writeKeyPem(dir.resolve("server.key"));
        opensslPort = Loopback.freePort();
        // -verify 1: ask for a client certificate, as the niotls server does (a client Certificate is expected).
        openssl = ChildProcess.openssl("s_server", List.of("s_server", "-accept", "127.0.0.1:" + opensslPort,
                "-cert", certificate.toString(), "-key", key.toString(), "-client_renegotiation", "-verify", "1"));
        openssl.awaitStdout("ACCEPT", Loopback.deadline(10));
    }

    @AfterAll
    static void stopServers() throws Exception {
        if (openssl != null) {
            openssl.close();
        }
        if (niotls != null) {
            niotls.close();
        }
    }

    /**
     * A1: a Finished whose verify_data is empty, shorter (11 bytes) or longer (49 bytes) than the suite's
     * (12 in TLS 1.2, 32 or 48 in TLS 1.3) is decode_error (RFC 8446 section 6.2; OpenSSL's
     * SSL_R_BAD_DIGEST_LENGTH). Bouncy Castle's readFully threw EOFException there, sent as internal_error.
     */
    @ParameterizedTest(name = "{0}, verify_data of {1} bytes")
    @CsvSource({"TLSv1.2, 0", "TLSv1.2, 11", "TLSv1.2, 49", "TLSv1.3, 0", "TLSv1.3, 11", "TLSv1.3, 49"})
    void A1_malformedFinishedIsDecodeError(String protocol, int length) throws Exception {
        for (Target target : Target.values()) {
            try (Socket socket = connect(target)) {
                HostileBcClient client = new HostileBcClient(socket).finishedBody(new byte[length]);
                short alert;
                if (protocol.equals("TLSv1.2")) {
                    // The server's alert comes before its ChangeCipherSpec: the handshake fails with it.
                    alert = assertThrows(TlsFatalAlertReceived.class, () -> client.handshake(protocol))
                            .getAlertDescription();
                } else {
                    // TLS 1.3: our Finished is our last message; the alert comes under the new keys.
                    client.handshake(protocol);
                    alert = client.awaitFatalAlert();
                }
                assertEquals(DECODE_ERROR, alert, target + " answers a Finished of " + length + " bytes");
                target.assertAlertSent(socket, DECODE_ERROR);
            }
        }
    }

    /**
     * A1, RFC 8446 sections 4.6.3 and 6.2: a KeyUpdate with an empty or two-byte body is decode_error, a
     * request_update of 2 is illegal_parameter. OpenSSL 3.0 answers the two-byte body with illegal_parameter
     * instead (its size limit for a KeyUpdate is one byte, SSL_R_EXCESSIVE_MESSAGE_SIZE); niotls keeps
     * decode_error (issue 12, SPEC L4) and the README lists the difference.
     */
    @ParameterizedTest(name = "KeyUpdate body \"{0}\"")
    @CsvSource({"'', 50, 50", "0000, 50, 47", "02, 47, 47"})
    void A1_malformedKeyUpdate(String bodyHex, short fromNiotls, short fromOpenSsl) throws Exception {
        for (Target target : Target.values()) {
            short expected = target == Target.NIOTLS ? fromNiotls : fromOpenSsl;
            try (Socket socket = connect(target)) {
                HostileBcClient client = new HostileBcClient(socket);
                client.handshake("TLSv1.3");
                client.sendHandshakeMessage(HandshakeType.key_update, HandshakeBytes.hex(bodyHex));
                assertEquals(expected, client.awaitFatalAlert(), target + " answers KeyUpdate " + bodyHex);
                target.assertAlertSent(socket, expected);
            }
        }
    }

    /**
     * Issue 12 item 1, RFC 5246 section 7.1: in a TLS 1.2 renegotiation, application data between the
     * client's ChangeCipherSpec and its Finished is unexpected_message and ends the connection. niotls used
     * to send nothing and wait until the peer gave up.
     */
    @Test
    void W10_applicationDataBetweenChangeCipherSpecAndFinishedIsUnexpectedMessage() throws Exception {
        for (Target target : Target.values()) {
            try (Socket socket = connect(target)) {
                HostileBcClient client = new HostileBcClient(socket);
                client.handshake("TLSv1.2");
                TlsFatalAlertReceived alert = assertThrows(TlsFatalAlertReceived.class,
                        () -> client.renegotiateWithDataAfterChangeCipherSpec(new byte[] {'x'}));
                assertEquals(UNEXPECTED_MESSAGE, alert.getAlertDescription(), target.toString());
                target.assertAlertSent(socket, UNEXPECTED_MESSAGE);
            }
        }
    }

    /**
     * SPEC W10: application data that arrives earlier in a renegotiation (after the client's new ClientHello) is
     * kept; the renegotiation completes and the data is read (echoed back here). OpenSSL 3.0 fails the
     * connection there with unexpected_message (a deviation niotls makes on purpose, listed in the README).
     */
    @Test
    void W10_applicationDataEarlierInARenegotiationIsKept() throws Exception {
        try (Socket socket = connect(Target.NIOTLS)) {
            HostileBcClient client = new HostileBcClient(socket);
            client.handshake("TLSv1.2");
            client.renegotiate("early".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            client.write("-late");
            assertEquals("early-late", client.read(10));
            client.close();
            NiotlsServerThread.Outcome outcome = niotls.outcomeOf(socket);
            assertTrue(outcome.handshakeDone(), outcome.toString());
            assertEquals(TlsError.ZERO_RETURN, outcome.error(), outcome.toString());
        }
    }

    /**
     * A1: a handshake message over its size limit is illegal_parameter, announced at its header, before its
     * bytes are waited for (OpenSSL: SSL_R_EXCESSIVE_MESSAGE_SIZE). Here a client Certificate announcing
     * 983,040 bytes after a TLS 1.2 ClientHello (over niotls's 64 KiB and OpenSSL's 100 KiB certificate limits).
     */
    @Test
    void A1_handshakeMessageOverTheLimitIsIllegalParameter() throws Exception {
        byte[] flight = HandshakeBytes.concat(ClientHello.tls12Only().records(),
                HandshakeBytes.records(HandshakeBytes.HANDSHAKE, 3,
                        HandshakeBytes.concat(HandshakeBytes.handshakeHeader(HandshakeBytes.CERTIFICATE, 0x0F0000),
                                new byte[100])));
        for (Target target : Target.values()) {
            try (HostileSocket peer = new HostileSocket(target.port())) {
                peer.send(flight);
                Answer answer = peer.answer(true);
                assertTrue(answer.isFatalAlert(ILLEGAL_PARAMETER), () -> target + " answered " + answer);
                target.assertAlertSent(peer.socket(), ILLEGAL_PARAMETER);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void A1_wellBehavedBouncyCastleClientCompletes(String protocol) throws Exception {
        // The control case: the same client without misdeeds completes the handshake and talks to both.
        for (Target target : Target.values()) {
            try (Socket socket = connect(target)) {
                HostileBcClient client = new HostileBcClient(socket);
                client.handshake(protocol);
                client.write("ping");
                if (target == Target.NIOTLS) {
                    assertEquals("ping", client.read(4));
                }
                client.close();
                if (target == Target.NIOTLS) {
                    NiotlsServerThread.Outcome outcome = niotls.outcomeOf(socket);
                    assertTrue(outcome.handshakeDone(), outcome.toString());
                    assertEquals(TlsError.ZERO_RETURN, outcome.error(), outcome.toString());
                }
            }
        }
    }

    private static Socket connect(Target target) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), target.port());
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /** The two servers every case runs against. */
    enum Target {
        NIOTLS, OPENSSL;

        int port() throws IOException {
            return this == NIOTLS ? niotls.port() : opensslPort;
        }

        /** niotls names the alert it sent (and no internal_error); OpenSSL's side is checked by the client. */
        void assertAlertSent(Socket client, short alert) throws InterruptedException {
            if (this == NIOTLS) {
                NiotlsServerThread.Outcome outcome = niotls.outcomeOf(client);
                assertEquals(alert, outcome.alert(), outcome.toString());
                assertTrue(outcome.reason() != TlsReason.INTERNAL_ERROR, outcome.toString());
            }
        }
    }
}
