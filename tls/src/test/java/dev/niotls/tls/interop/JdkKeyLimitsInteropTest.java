package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
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
 * The KeyUpdates the JDK sends on its own in TLS 1.3 once a key has protected {@code jdk.tls.keyLimits}
 * bytes (SPEC section 9, H4). The property is read once per JVM, when the JDK's cipher classes load, so
 * the JDK peer runs in a JVM of its own ({@link JdkPeerMain}) with the limit at 2^16 bytes: its 2 MiB
 * stream crosses it about 32 times. niotls must process every KeyUpdate transparently (the digest
 * holds both ways) and count them.
 */
@Tag("interop")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JdkKeyLimitsInteropTest {
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
        TlsConnection connection = jdkRole.equals("client") ? niotlsServer(deadline) : niotlsClient(deadline);
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

    /** niotls serves; the JDK client connects and trusts niotls's generated certificate. */
    private TlsConnection niotlsServer(long deadline) throws Exception {
        TlsContext context = TlsContext.server().selfSigned("localhost").protocols("TLSv1.3").build();
        Path certificate = TestCertificates.writePem(dir.resolve("niotls.pem"), context.certificateChain().get(0));
        listener = Loopback.listen();
        jdk = ChildProcess.java("jdk client", JdkPeerMain.class, arguments("client", Loopback.port(listener),
                certificate, null));
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
        jdk = ChildProcess.java("jdk server", JdkPeerMain.class, arguments("server", 0, certificate, key));
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

    private static List<String> arguments(String role, int port, Path certificate, Path key) {
        List<String> arguments = new ArrayList<>(List.of(role, String.valueOf(port), "TLSv1.3",
                String.valueOf(SEED_FROM_JDK), String.valueOf(FROM_JDK), String.valueOf(SEED_TO_JDK),
                String.valueOf(TO_JDK), certificate.toString()));
        if (key != null) {
            arguments.add(key.toString());
        }
        return arguments;
    }
}
