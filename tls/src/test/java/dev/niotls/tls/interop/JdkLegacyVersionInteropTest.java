package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsException;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real old client: the JDK offering only TLS 1.0 or 1.1 (re-enabled through
 * {@code jdk.tls.disabledAlgorithms} in a JVM of its own, {@link JdkPeerMain}). niotls offers only TLS 1.2
 * and 1.3 (SPEC section 1): its handshake fails with SSL / UNSUPPORTED_PROTOCOL after sending
 * protocol_version, which the JDK reports as the alert it received.
 */
@Tag("interop")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JdkLegacyVersionInteropTest {
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

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"TLSv1", "TLSv1.1"})
    void H1_jdkClientOfferingOnlyAnOldVersion_UNSUPPORTED_PROTOCOL(String protocol) throws Exception {
        long deadline = Loopback.deadline(50);
        TlsContext context = TlsContext.server().selfSigned("localhost").build();
        Path certificate = TestCertificates.writePem(dir.resolve("niotls.pem"), context.certificateChain().get(0));
        listener = Loopback.listen();
        jdk = ChildProcess.java("jdk " + protocol + " client", JdkPeerMain.class, List.of("client",
                String.valueOf(Loopback.port(listener)), protocol, "1", "1000", "2", "1000", certificate.toString()));
        channel = Loopback.accept(listener, false, deadline);
        TlsConnection connection = context.newConnection(new SocketBio(channel));
        connection.setAcceptState();
        driver = new SelectorDriver("niotls server", connection, channel).describePeer(jdk::describe);

        int result = driver.callUntilDone(connection::doHandshake, deadline);
        assertEquals(-1, result, jdk.describe());
        assertEquals(TlsError.SSL, connection.getError(result));
        assertEquals(TlsReason.UNSUPPORTED_PROTOCOL, connection.lastReason());
        assertEquals(70, ((TlsException) connection.lastException()).alertDescription(), "protocol_version sent");
        connection.bio().shutdownOutput();
        assertNotEquals(0, jdk.awaitExit(deadline), "the JDK client must fail");
        jdk.awaitStderr("protocol_version", deadline);
    }
}
