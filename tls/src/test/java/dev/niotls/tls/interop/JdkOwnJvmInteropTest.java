package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JDK as the peer in a JVM of its own ({@link JdkPeerMain}), for JDK settings read once per JVM.
 *
 * <ul>
 *   <li>The KeyUpdates the JDK sends on its own in TLS 1.3 once a key has protected {@code jdk.tls.keyLimits}
 *       bytes (SPEC section 9, H4), with the limit at 2^16 bytes: its 2 MiB stream crosses it about 32 times.
 *       niotls must process every KeyUpdate transparently (the digest holds both ways) and count them.</li>
 *   <li>A real old client: the JDK offering only TLS 1.0 or 1.1 (re-enabled through
 *       {@code jdk.tls.disabledAlgorithms}). niotls offers only TLS 1.2 and 1.3 (SPEC section 1): its handshake
 *       fails with SSL / UNSUPPORTED_PROTOCOL after sending protocol_version, which the JDK reports as the alert
 *       it received.</li>
 * </ul>
 */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JdkOwnJvmInteropTest {
    private static final long FROM_JDK = 2L << 20;
    private static final long TO_JDK = 1L << 20;
    private static final long SEED_FROM_JDK = 0x0E1D_0001L;
    private static final long SEED_TO_JDK = 0x0E1D_0002L;
    private static final long KEY_LIMIT = 1L << 16;

    @TempDir
    Path dir;

    private ChildProcess jdk;
    private ServerSocketChannel listener;
    private SocketChannel channel;
    private SelectorDriver driver;

    @AfterEach
    void cleanUp() throws IOException {
        if (driver != null) {
            driver.close();
        }
        if (channel != null) {
            channel.close();
        }
        if (listener != null) {
            listener.close();
        }
        if (jdk != null) {
            jdk.close();
        }
    }

    @ParameterizedTest(name = "the JDK as {0}")
    @ValueSource(strings = {"client", "server"})
    void H4_keyUpdatesTheJdkSendsAfterKeyLimits(String jdkRole) throws Exception {
        long deadline = Loopback.deadline(80);
        TlsConnection connection = jdkRole.equals("client")
                ? niotlsServer("jdk client",
                TlsContext.server().selfSigned("localhost").protocols("TLSv1.3").build(), streams(), deadline) : niotlsClient(deadline);
        driver.handshake(deadline);
        assertEquals("TLSv1.3", connection.protocol());
        StreamSource source = new StreamSource(SEED_TO_JDK, TO_JDK, 10_000);
        StreamVerifier verifier = new StreamVerifier(SEED_FROM_JDK);
        driver.run(source, verifier::accept, () -> source.finished() && verifier.received() == FROM_JDK, deadline);
        verifier.assertComplete(FROM_JDK);
        assertEquals(0, driver.shutdown(true, deadline));
        assertEquals(0, jdk.awaitExit(deadline), jdk.describe());
        jdk.awaitStdout("OK", deadline);
        // The JDK's write key hits the limit every 64 KiB of its 2 MiB: about 32 KeyUpdates. Half of that
        // proves the property took effect (the default limit, 2^37 bytes, gives none).
        assertTrue(connection.keyUpdatesReceived() >= FROM_JDK / KEY_LIMIT / 2,
                "KeyUpdates received: " + connection.keyUpdatesReceived());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1", "TLSv1.1"})
    void H1_jdkClientOfferingOnlyAnOldVersion_UNSUPPORTED_PROTOCOL(String protocol) throws Exception {
        long deadline = Loopback.deadline(50);
        TlsConnection connection = niotlsServer("jdk " + protocol + " client",
                TlsContext.server().selfSigned("localhost").build(), List.of(protocol, "1", "1000", "2", "1000"), deadline);
        int result = driver.callUntilDone(connection::doHandshake, deadline);
        assertEquals(-1, result, jdk.describe());
        assertEquals(TlsError.SSL, connection.getError(result));
        assertEquals(TlsReason.UNSUPPORTED_PROTOCOL, connection.lastReason());
        assertEquals(70, ((TlsException) connection.lastException()).alertDescription(), "protocol_version sent");
        connection.bio().shutdownOutput();
        assertNotEquals(0, jdk.awaitExit(deadline), "the JDK client must fail");
        jdk.awaitStderr("protocol_version", deadline);
    }

    /**
     * niotls serves with {@code context} (a generated certificate); a JDK client in its own JVM connects and
     * trusts that certificate. {@code streams} are JdkPeerMain's protocol and stream arguments.
     */
    private TlsConnection niotlsServer(String name, TlsContext context, List<String> streams, long deadline)
            throws Exception {
        Path certificate = TestCertificates.writePem(dir.resolve("niotls.pem"), context.certificateChain().get(0));
        listener = Loopback.listen();
        List<String> arguments = new ArrayList<>(List.of("client", String.valueOf(Loopback.port(listener))));
        arguments.addAll(streams);
        arguments.add(certificate.toString());
        jdk = ChildProcess.java(name, JdkPeerMain.class, arguments);
        channel = Loopback.accept(listener, false, deadline);
        TlsConnection connection = context.newConnection(new SocketBio(channel));
        connection.setAcceptState();
        driver = new SelectorDriver("niotls server", connection, channel).describePeer(jdk::describe);
        return connection;
    }

    /** The JDK serves a certificate made here; niotls connects and trusts it. */
    private TlsConnection niotlsClient(long deadline) throws Exception {
        TestCertificates certificates = TestCertificates.localhost();
        Path certificate = certificates.writeCertificatePem(dir.resolve("jdk.pem"));
        Path key = certificates.writeKeyPem(dir.resolve("jdk.key"));
        List<String> arguments = new ArrayList<>(List.of("server", "0"));
        arguments.addAll(streams());
        arguments.addAll(List.of(certificate.toString(), key.toString()));
        jdk = ChildProcess.java("jdk server", JdkPeerMain.class, arguments);
        jdk.awaitStdout("PORT ", deadline);
        Matcher port = Pattern.compile("PORT (\\d+)").matcher(jdk.stdout().text());
        assertTrue(port.find(), jdk.describe());
        channel = Loopback.connect(Integer.parseInt(port.group(1)), false);
        TlsConnection connection = TlsContext.client().trust(certificates.certificate()).serverName("localhost")
                .protocols("TLSv1.3").build().newConnection(new SocketBio(channel));
        connection.setConnectState();
        driver = new SelectorDriver("niotls client", connection, channel).describePeer(jdk::describe);
        return connection;
    }

    /** JdkPeerMain's protocol and stream arguments for the key-limit test. */
    private static List<String> streams() {
        return List.of("TLSv1.3", String.valueOf(SEED_FROM_JDK), String.valueOf(FROM_JDK), String.valueOf(SEED_TO_JDK),
                String.valueOf(TO_JDK));
    }
}
