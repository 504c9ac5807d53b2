package dev.niotls.tls.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real clients that niotls's defaults must serve (SPEC A3, issue 12 item 7): a client without RFC 5746
 * ({@code gnutls-cli} with {@code %DISABLE_SAFE_RENEGOTIATION}, which sends neither renegotiation_info nor
 * the SCSV) completes its first handshake, as with OpenSSL, and renegotiation with it is refused; and
 * {@code openssl s_client -groups X448} completes against the default groups.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupsAndLegacyClientsInteropTest {
    @TempDir
    Path dir;

    private ServerSocketChannel listener;
    private ChildProcess client;
    private SocketChannel channel;
    private SelectorDriver driver;

    @AfterEach
    void cleanUp() throws IOException {
        for (AutoCloseable closeable : new AutoCloseable[] {driver, channel, listener, client}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    @Test
    void A3_clientWithoutSecureRenegotiationCompletesItsFirstHandshake() throws Exception {
        long deadline = Loopback.deadline(40);
        TlsContext context = TlsContext.server().selfSigned("localhost").protocols("TLSv1.2").build();
        listener = Loopback.listen();
        client = ChildProcess.program("gnutls-cli", List.of("gnutls-cli", "--insecure",
                "--priority", "NORMAL:-VERS-TLS1.3:%DISABLE_SAFE_RENEGOTIATION",
                "-p", String.valueOf(Loopback.port(listener)), "127.0.0.1"));
        TlsConnection server = accept(context, deadline);
        driver.handshake(deadline);
        assertEquals("TLSv1.2", server.protocol());
        assertFalse(server.isSecureRenegotiation(), "the client signalled RFC 5746 after all");
        // Only renegotiation is refused with such a client (RFC 5746 section 4.4; OpenSSL alike).
        assertEquals(0, server.renegotiate());
        assertEquals(TlsReason.NO_RENEGOTIATION, server.lastReason());
        client.awaitStdout("Handshake was completed", deadline);
        client.write("hello over TLS 1.2 without RFC 5746\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("hello over TLS 1.2 without RFC 5746\n", readLine(server, deadline));
    }

    /**
     * TLS 1.3 only: in TLS 1.2 a client's supported_groups also names the curves it accepts for ECDSA
     * certificates, so a TLS 1.2 client offering only X448 cannot take our P-256 certificate (niotls refuses
     * it with handshake_failure, as OpenSSL does: HostileClientHelloTest).
     */
    @Test
    void x448IsAmongTheDefaultGroups_opensslClientWithGroupsX448() throws Exception {
        String protocol = "TLSv1.3";
        long deadline = Loopback.deadline(40);
        TlsContext context = TlsContext.server().selfSigned("localhost").build();
        Path trusted = TestCertificates.writePem(dir.resolve("niotls.pem"), context.certificateChain().get(0));
        listener = Loopback.listen();
        client = ChildProcess.openssl("s_client", List.of("s_client", "-connect",
                "127.0.0.1:" + Loopback.port(listener), "-servername", "localhost", "-CAfile", trusted.toString(),
                "-verify_return_error", "-groups", "X448", protocol.equals("TLSv1.3") ? "-tls1_3" : "-tls1_2"));
        TlsConnection server = accept(context, deadline);
        driver.handshake(deadline);
        assertEquals(protocol, server.protocol());
        client.awaitStdout("Server Temp Key: X448", deadline);
        client.write("over x448\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals("over x448\n", readLine(server, deadline));
    }

    private TlsConnection accept(TlsContext context, long deadline) throws IOException {
        channel = Loopback.accept(listener, false, deadline);
        TlsConnection connection = context.newConnection(new SocketBio(channel));
        connection.setAcceptState();
        driver = new SelectorDriver("niotls server", connection, channel).describePeer(client::describe);
        return connection;
    }

    private String readLine(TlsConnection server, long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(1024);
        while (line.indexOf("\n") < 0) {
            buffer.clear();
            int count = driver.callUntilDone(() -> server.read(buffer), deadline);
            if (count <= 0) {
                throw new AssertionError("read ended: " + server.getError(count) + " " + server.lastException());
            }
            line.append(new String(buffer.array(), 0, count, StandardCharsets.US_ASCII));
        }
        return line.toString();
    }
}
