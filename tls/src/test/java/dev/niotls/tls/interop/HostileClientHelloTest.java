package dev.niotls.tls.interop;

import static dev.niotls.tls.interop.HandshakeBytes.EXT_EC_POINT_FORMATS;
import static dev.niotls.tls.interop.HandshakeBytes.EXT_ENCRYPT_THEN_MAC;
import static dev.niotls.tls.interop.HandshakeBytes.EXT_SERVER_NAME;
import static dev.niotls.tls.interop.HandshakeBytes.EXT_STATUS_REQUEST_V2;
import static dev.niotls.tls.interop.HandshakeBytes.EXT_TRUNCATED_HMAC;
import static dev.niotls.tls.interop.HandshakeBytes.EXT_TRUSTED_CA_KEYS;
import static dev.niotls.tls.interop.HandshakeBytes.ECDSA_SHA1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.interop.HandshakeBytes.ClientHello;
import dev.niotls.tls.interop.HostileSocket.Answer;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile ClientHellos over a real socket (SPEC A1-A4): each case sends the same bytes to a niotls server
 * and to {@code openssl s_server} 3.0 with the same certificate (ECDSA P-256), and checks the answer of
 * each: the fatal alert, with its level and description, or a ServerHello. Where OpenSSL answers
 * differently the case says what OpenSSL does, and the README's deviations list it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileClientHelloTest {
    private static final int HANDSHAKE_FAILURE = 40;
    private static final int ILLEGAL_PARAMETER = 47;
    private static final int DECODE_ERROR = 50;
    private static final int UNRECOGNIZED_NAME = 112;
    private static final int EXT_MAX_FRAGMENT_LENGTH = 1;
    private static final int EXT_STATUS_REQUEST = 5;
    private static final int EXT_ALPN = 16;
    private static final int EXT_PSK_KEY_EXCHANGE_MODES = 45;
    /** Expected answer: a ServerHello, the handshake goes on. */
    private static final int SERVER_HELLO = -1;

    private static Path dir;
    private static NiotlsServerThread niotls;
    private static ChildProcess openssl;
    private static int opensslPort;

    @BeforeAll
    static void startServers() throws Exception {
        dir = Files.createTempDirectory("niotls-hostile");
        TestCertificates certificates = TestCertificates.localhost();
        niotls = NiotlsServerThread.start(TlsContext.server()
                .keyStore(certificates.keyStore(), TestCertificates.password()).build());
        Path certificate = certificates.writeCertificatePem(dir.resolve("server.pem"));
        Path key = certificates.writeKeyPem(dir.resolve("server.key"));
        opensslPort = Loopback.freePort();
        openssl = ChildProcess.openssl("s_server", List.of("s_server", "-accept", "127.0.0.1:" + opensslPort,
                "-cert", certificate.toString(), "-key", key.toString()));
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

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        // A1: malformed extensions and bodies are decode_error.
        cases.add(of("A1_serverNameListLongerThanItsExtension", ClientHello.tls13And12()
                .extension(EXT_SERVER_NAME, HandshakeBytes.hex("00050000096162")), DECODE_ERROR));
        cases.add(of("A1_emptySupportedGroups", ClientHello.tls13And12().groups(), DECODE_ERROR));
        cases.add(of("A1_extensionLongerThanTheMessage_tls12", ClientHello.tls12Only()
                .trailing(HandshakeBytes.hex("ff01")), DECODE_ERROR));
        cases.add(of("A1_serverNameEntryTruncated", ClientHello.tls13And12()
                .extension(EXT_SERVER_NAME, HandshakeBytes.hex("000400000a61")), DECODE_ERROR));
        cases.add(of("A1_alpnListLongerThanItsExtension", ClientHello.tls13And12()
                .extension(EXT_ALPN, HandshakeBytes.hex("0005026832")), DECODE_ERROR));
        cases.add(of("A1_alpnEmptyProtocolName", ClientHello.tls13And12()
                .extension(EXT_ALPN, HandshakeBytes.hex("000100")), DECODE_ERROR));
        cases.add(of("A1_statusRequestTruncated", ClientHello.tls13And12()
                .extension(EXT_STATUS_REQUEST, HandshakeBytes.hex("01")), DECODE_ERROR));
        cases.add(of("A1_emptyPskKeyExchangeModes", ClientHello.tls13And12()
                .extension(EXT_PSK_KEY_EXCHANGE_MODES, HandshakeBytes.hex("00")), DECODE_ERROR));
        // ... which a TLS 1.2 server ignores, as OpenSSL (a TLS 1.3-only extension).
        cases.add(of("A3_tls12IgnoresEmptyPskKeyExchangeModes", ClientHello.tls12Only()
                .extension(EXT_PSK_KEY_EXCHANGE_MODES, HandshakeBytes.hex("00")), SERVER_HELLO));
        // A1: an unknown enum value is illegal_parameter (RFC 6066 section 4: max_fragment_length 1 to 4).
        cases.add(of("A1_maxFragmentLengthOutOfRange", ClientHello.tls13And12()
                .extension(EXT_MAX_FRAGMENT_LENGTH, HandshakeBytes.hex("09")), ILLEGAL_PARAMETER));
        // A1: a host name OpenSSL does not take (a NUL in it, over 255 bytes) is unrecognized_name, as from OpenSSL.
        cases.add(of("A1_serverNameWithNul", ClientHello.tls13And12()
                .extension(EXT_SERVER_NAME, serverName(new byte[] {'a', 0, 'b'})), UNRECOGNIZED_NAME));
        cases.add(of("A1_serverNameOver255Bytes", ClientHello.tls13And12()
                .extension(EXT_SERVER_NAME, serverName("a".repeat(300).getBytes(java.nio.charset.StandardCharsets.US_ASCII))), UNRECOGNIZED_NAME));
        // A1: an X25519 share of all zeros or of low order (u = 1) is illegal_parameter.
        cases.add(of("A1_x25519ShareOfAllZeros", ClientHello.tls13Only().keyShare(new byte[32]), ILLEGAL_PARAMETER));
        byte[] one = new byte[32];
        one[0] = 1;
        cases.add(of("A1_x25519ShareOfLowOrder", ClientHello.tls13Only().keyShare(one), ILLEGAL_PARAMETER));
        // A2: the largest ClientHello the syntax allows (TLS 1.2: 255 compression methods) is taken; one byte more
        // is illegal_parameter.
        cases.add(of("A2_clientHelloOf131396Bytes", largestClientHello(new byte[0]), SERVER_HELLO));
        cases.add(of("A2_clientHelloOf131397Bytes", largestClientHello(new byte[1]), ILLEGAL_PARAMETER));
        // A3: a client without RFC 5746 gets its first handshake.
        cases.add(of("A3_tls12ClientWithoutRenegotiationInfo", ClientHello.tls12Only().withoutRenegotiationInfo(),
                SERVER_HELLO));
        // A3: TLS 1.3 ignores the TLS 1.2-only extensions, malformed or not.
        cases.add(of("A3_tls13IgnoresPointFormatsWithoutUncompressed", ClientHello.tls13And12()
                .extension(EXT_EC_POINT_FORMATS, HandshakeBytes.hex("0101")), SERVER_HELLO));
        cases.add(of("A3_tls13IgnoresMalformedPointFormats", ClientHello.tls13And12()
                .extension(EXT_EC_POINT_FORMATS, HandshakeBytes.hex("0500")), SERVER_HELLO));
        cases.add(of("A3_tls13IgnoresMalformedEncryptThenMac", ClientHello.tls13And12()
                .extension(EXT_ENCRYPT_THEN_MAC, HandshakeBytes.hex("01")), SERVER_HELLO));
        cases.add(of("A3_tls13IgnoresMalformedTruncatedHmac", ClientHello.tls13And12()
                .extension(EXT_TRUNCATED_HMAC, HandshakeBytes.hex("01")), SERVER_HELLO));
        cases.add(of("A3_tls13IgnoresMalformedTrustedCaKeys", ClientHello.tls13And12()
                .extension(EXT_TRUSTED_CA_KEYS, HandshakeBytes.hex("000501")), SERVER_HELLO));
        cases.add(of("A3_tls13IgnoresMalformedStatusRequestV2", ClientHello.tls13And12()
                .extension(EXT_STATUS_REQUEST_V2, HandshakeBytes.hex("000901")), SERVER_HELLO));
        // A3: TLS 1.2 still validates them, as OpenSSL does: a malformed list of point formats is decode_error.
        cases.add(of("A3_tls12RefusesMalformedPointFormats", ClientHello.tls12Only()
                .extension(EXT_EC_POINT_FORMATS, HandshakeBytes.hex("0500")), DECODE_ERROR));
        cases.add(of("A3_tls12PointFormatsWithoutUncompressed", ClientHello.tls12Only()
                .extension(EXT_EC_POINT_FORMATS, HandshakeBytes.hex("0101")), SERVER_HELLO));
        cases.add(of("A3_tls12EncryptThenMacWithData", ClientHello.tls12Only()
                .extension(EXT_ENCRYPT_THEN_MAC, HandshakeBytes.hex("01")), SERVER_HELLO));
        cases.add(of("A3_tls12MalformedTruncatedHmac", ClientHello.tls12Only()
                .extension(EXT_TRUNCATED_HMAC, HandshakeBytes.hex("01")), SERVER_HELLO));
        cases.add(of("A3_tls12MalformedTrustedCaKeys", ClientHello.tls12Only()
                .extension(EXT_TRUSTED_CA_KEYS, HandshakeBytes.hex("000501")), SERVER_HELLO));
        cases.add(of("A3_tls12MalformedStatusRequestV2", ClientHello.tls12Only()
                .extension(EXT_STATUS_REQUEST_V2, HandshakeBytes.hex("000901")), SERVER_HELLO));
        // A4: nothing we can sign with: handshake_failure before any ServerHello.
        cases.add(of("A4_onlyEcdsaSha1_tls13", ClientHello.tls13Only().signatureAlgorithms(ECDSA_SHA1),
                HANDSHAKE_FAILURE));
        cases.add(of("A4_onlyEcdsaSha1_tls12", ClientHello.tls12Only().signatureAlgorithms(ECDSA_SHA1),
                HANDSHAKE_FAILURE));
        cases.add(of("A4_tls12ClientWhoseGroupsExcludeOurCertificateCurve", ClientHello.tls12Only()
                .groups(HandshakeBytes.X25519), HANDSHAKE_FAILURE));
        cases.add(of("A4_noSignatureAlgorithms_tls12", ClientHello.tls12Only().signatureAlgorithms((int[]) null),
                HANDSHAKE_FAILURE));
        return cases.stream();
    }

    /** A server_name extension with one host_name entry (RFC 6066 section 3). */
    private static byte[] serverName(byte[] hostName) {
        return HandshakeBytes.vector16(HandshakeBytes.concat(new byte[] {0}, HandshakeBytes.vector16(hostName)));
    }

    private static Arguments of(String name, ClientHello hello, int expected) {
        return Arguments.of(name, hello.records(), expected);
    }

    /**
     * 2 + 32 + (1 + 32) + (2 + 65,534) + (1 + 255) + (2 + 65,535) = 131,396 bytes: every vector at its maximum.
     * Unknown suite numbers fill the suite list; only the null compression method is repeated.
     */
    private static ClientHello largestClientHello(byte[] trailing) {
        int[] suites = new int[32767];
        suites[0] = 0xC02B;
        suites[1] = 0xC02F;
        for (int i = 2; i < suites.length; i++) {
            suites[i] = 0xFE00 - i;
        }
        return ClientHello.tls12Only().suites(suites).compression(new byte[255]).padExtensionsTo(65535)
                .trailing(trailing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void niotlsAndOpenSslAnswerAlike(String name, byte[] records, int expected) throws Exception {
        Answer fromOpenSsl = HostileSocket.exchange(opensslPort, records);
        assertAnswer("openssl s_server", expected, fromOpenSsl);
        Answer fromNiotls;
        int clientPort;
        try (HostileSocket peer = new HostileSocket(niotls.port())) {
            clientPort = peer.socket().getLocalPort();
            peer.send(records);
            fromNiotls = peer.answer(false);
        }
        NiotlsServerThread.Outcome outcome = niotls.outcomeOf(clientPort);
        assertAnswer("niotls", expected, fromNiotls);
        if (expected != SERVER_HELLO) {
            assertEquals(expected, outcome.alert(), () -> "niotls names the alert it sent: " + outcome);
            assertTrue(outcome.reason() != TlsReason.INTERNAL_ERROR, () -> outcome.toString());
        }
    }

    /**
     * A1 with each crypto backend: the JDK's X25519 refuses a low-order point itself (InvalidKeyException), Bouncy
     * Castle's returns an all-zero secret; both end in illegal_parameter before any ServerHello, as in OpenSSL.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(TlsContext.CryptoBackend.class)
    void A1_x25519ShareOfAllZerosWithEveryBackend(TlsContext.CryptoBackend backend) throws Exception {
        TlsContext context = TlsContext.server().selfSigned("localhost").cryptoBackend(backend).build();
        try (NiotlsServerThread server = NiotlsServerThread.start(context);
                HostileSocket peer = new HostileSocket(server.port())) {
            peer.send(ClientHello.tls13Only().keyShare(new byte[32]).records());
            assertAnswer("niotls with " + backend, ILLEGAL_PARAMETER, peer.answer(false));
            NiotlsServerThread.Outcome outcome = server.outcomeOf(peer.socket());
            assertEquals(ILLEGAL_PARAMETER, outcome.alert(), outcome.toString());
        }
    }

    private static void assertAnswer(String server, int expected, Answer answer) {
        if (expected == SERVER_HELLO) {
            assertEquals(Answer.Kind.SERVER_HELLO, answer.kind(), () -> server + " answered " + answer);
        } else {
            assertTrue(answer.isFatalAlert(expected), () -> server + ": expected a fatal alert " + expected
                    + " before any ServerHello, got " + answer);
        }
    }
}
