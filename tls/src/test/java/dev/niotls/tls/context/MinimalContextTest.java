package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.ContextPeers;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.testing.Loopback;
import dev.niotls.tls.testing.SeededStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsServerProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The minimal context of issue 3: self-signed server, trust of one certificate, H2 verification. */
@Timeout(60)
class MinimalContextTest {
    private static final int LENGTH = 200_000;

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void H2_selfSignedServerIsTrustedByJdkClient(String protocol) throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").protocols("TLSv1.3", "TLSv1.2").build();
        X509Certificate leaf = server.certificateChain().get(0);
        try (ServerSocket listener = Loopback.serverSocket()) {
            CompletableFuture<byte[]> served = Loopback.acceptOnce(listener, socket -> {
                TlsServerProtocol tls = BcPair.accept(socket, server);
                byte[] received = SeededStream.read(tls.getInputStream(), LENGTH);
                SeededStream.write(tls.getOutputStream(), 2, LENGTH);
                tls.close();
                return received;
            });
            SSLSocket client = (SSLSocket) TestPki.jdkContext(null, leaf).getSocketFactory()
                    .createSocket(Loopback.connect(listener), "localhost", listener.getLocalPort(), true);
            try (client) {
                client.setEnabledProtocols(new String[] {protocol});
                SSLParameters parameters = client.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                client.setSSLParameters(parameters);
                SeededStream.write(client.getOutputStream(), 1, LENGTH);
                assertArrayEquals(SeededStream.digest(2, LENGTH), SeededStream.read(client.getInputStream(), LENGTH));
                assertEquals(protocol, client.getSession().getProtocol());
            }
            assertArrayEquals(SeededStream.digest(1, LENGTH), Loopback.await(served));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void H2_clientVerifiesJdkServerAndTransfers(String protocol) throws Exception {
        Identity identity = SelfSigned.generate(java.util.List.of("localhost", "127.0.0.1"));
        TlsContext client = TlsContext.client().trust(identity.chain().get(0)).serverName("localhost")
                .protocols(protocol).build();
        try (SSLServerSocket listener = jdkServer(identity)) {
            CompletableFuture<Served> served = jdkEcho(listener);
            try (Socket socket = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                TlsClientProtocol tls = BcPair.connect(socket, client, null);
                SeededStream.write(tls.getOutputStream(), 3, LENGTH);
                assertArrayEquals(SeededStream.digest(4, LENGTH), SeededStream.read(tls.getInputStream(), LENGTH));
                tls.close();
            }
            Served result = Loopback.await(served);
            assertArrayEquals(SeededStream.digest(3, LENGTH), result.digest());
            assertEquals(protocol, result.protocol());
        }
    }

    @Test
    void H2_ipAddressIsVerifiedAgainstSanIp() throws Exception {
        Identity identity = SelfSigned.generate(java.util.List.of("localhost", "127.0.0.1"));
        TlsContext client = TlsContext.client().trust(identity.chain().get(0)).build();
        try (SSLServerSocket listener = jdkServer(identity)) {
            CompletableFuture<Served> served = jdkEcho(listener);
            try (Socket socket = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                TlsClientProtocol tls = BcPair.connect(socket, client, "127.0.0.1");
                SeededStream.write(tls.getOutputStream(), 3, LENGTH);
                assertArrayEquals(SeededStream.digest(4, LENGTH), SeededStream.read(tls.getInputStream(), LENGTH));
                tls.close();
            }
            Loopback.await(served);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void H2_wrongHostNameFails(String protocol) throws Exception {
        Identity identity = SelfSigned.generate(java.util.List.of("localhost"));
        TlsContext client = TlsContext.client().trust(identity.chain().get(0)).protocols(protocol).build();
        TlsFatalAlert failure = handshakeFailure(identity, client, "wrong.example");
        assertEquals(AlertDescription.bad_certificate, failure.getAlertDescription());
        assertTrue(failure.getMessage().contains("name mismatch"), failure.getMessage());
        assertInstanceOf(CertificateException.class, failure.getCause());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void H2_untrustedSelfSignedFails(String protocol) throws Exception {
        Identity identity = SelfSigned.generate(java.util.List.of("localhost"));
        Identity other = SelfSigned.generate(java.util.List.of("localhost"));
        TlsContext client = TlsContext.client().trust(other.chain().get(0)).protocols(protocol).build();
        TlsFatalAlert failure = handshakeFailure(identity, client, "localhost");
        assertEquals(AlertDescription.unknown_ca, failure.getAlertDescription());
        assertTrue(failure.getMessage().contains("self-signed certificate not trusted"), failure.getMessage());
        assertInstanceOf(CertificateException.class, failure.getCause());
    }

    @Test
    void H2_insecureTrustAllAcceptsAnything() throws Exception {
        Identity identity = SelfSigned.generate(java.util.List.of("localhost"));
        TlsContext client = TlsContext.client().insecureTrustAll().build();
        try (SSLServerSocket listener = jdkServer(identity)) {
            CompletableFuture<Served> served = jdkEcho(listener);
            try (Socket socket = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                TlsClientProtocol tls = BcPair.connect(socket, client, "not.the.name");
                SeededStream.write(tls.getOutputStream(), 3, LENGTH);
                assertArrayEquals(SeededStream.digest(4, LENGTH), SeededStream.read(tls.getInputStream(), LENGTH));
                tls.close();
            }
            Loopback.await(served);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.2", "TLSv1.3"})
    void jdkClientGetsAlpnAndResumesTls12(String protocol) throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").applicationProtocols("h2", "http/1.1")
                .build();
        javax.net.ssl.SSLContext jdk = TestPki.jdkContext(null, server.certificateChain().get(0));
        try (ServerSocket listener = Loopback.serverSocket()) {
            for (int round = 0; round < 2; round++) {
                CompletableFuture<Boolean> served = Loopback.acceptOnce(listener, socket -> {
                    BcPair.ServerSide tls = new BcPair.ServerSide(socket.getInputStream(), socket.getOutputStream());
                    tls.accept(ContextPeers.server(server));
                    SeededStream.write(tls.getOutputStream(), 5, LENGTH);
                    boolean resumed = tls.parameters().isResumedSession();
                    tls.close();
                    return resumed;
                });
                SSLSocket client = (SSLSocket) jdk.getSocketFactory().createSocket(Loopback.connect(listener),
                        "localhost", listener.getLocalPort(), true);
                try (client) {
                    client.setEnabledProtocols(new String[] {protocol});
                    SSLParameters parameters = client.getSSLParameters();
                    parameters.setApplicationProtocols(new String[] {"http/1.1", "h2"});
                    client.setSSLParameters(parameters);
                    assertArrayEquals(SeededStream.digest(5, LENGTH),
                            SeededStream.read(client.getInputStream(), LENGTH));
                    assertEquals("h2", client.getApplicationProtocol());
                }
                // The JDK keeps the session per host:port in its SSLContext; TLS 1.3 is never resumed by BC 1.84.
                assertEquals(round == 1 && protocol.equals("TLSv1.2"), Loopback.await(served));
            }
        }
    }

    @Test
    void oldProtocolsAreRefusedAtBuild() {
        for (String old : new String[] {"TLSv1.1", "TLSv1", "SSLv3", "SSLv2Hello"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TlsContext.client().protocols("TLSv1.2", old).build());
            assertTrue(e.getMessage().contains(old), e.getMessage());
        }
    }

    @Test
    void defaultsOfTheConnectionContract() {
        TlsContext server = TlsContext.server().selfSigned("localhost").modes(dev.niotls.tls.TlsMode.RELEASE_BUFFERS)
                .options(dev.niotls.tls.TlsOption.ALLOW_CLIENT_RENEGOTIATION).build();
        assertTrue(server.isServer());
        assertEquals(java.util.Set.of(dev.niotls.tls.TlsMode.AUTO_RETRY, dev.niotls.tls.TlsMode.RELEASE_BUFFERS),
                ContextPeers.modes(server));
        assertEquals(java.util.Set.of(dev.niotls.tls.TlsOption.ALLOW_CLIENT_RENEGOTIATION),
                ContextPeers.options(server));
        assertEquals(16384, ContextPeers.maxSendFragment(server));
        assertEquals(5, ContextPeers.maxRenegotiations(server));
        assertEquals(java.time.Duration.ofSeconds(60), ContextPeers.renegotiationWindow(server));
        assertEquals(1, server.certificateChain().size());
    }

    private static TlsFatalAlert handshakeFailure(Identity identity, TlsContext client, String name)
            throws Exception {
        try (SSLServerSocket listener = jdkServer(identity)) {
            CompletableFuture<Throwable> served = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = listener.accept()) {
                    socket.setSoTimeout(Loopback.TIMEOUT_SECONDS * 1000);
                    ((SSLSocket) socket).startHandshake();
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            try (Socket socket = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                socket.setSoTimeout(Loopback.TIMEOUT_SECONDS * 1000);
                TlsFatalAlert failure = assertThrows(TlsFatalAlert.class,
                        () -> BcPair.connect(socket, client, name));
                // The JDK side fails too: with our alert, or with a reset when Bouncy Castle's blocking mode closes
                // the socket while the JDK's last flight is still unread (RST instead of FIN).
                assertInstanceOf(java.io.IOException.class, Loopback.await(served), "the JDK server must fail");
                return failure;
            }
        }
    }

    static SSLServerSocket jdkServer(Identity identity) throws Exception {
        SSLServerSocket listener = (SSLServerSocket) TestPki.jdkContext(identity).getServerSocketFactory()
                .createServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
        return listener;
    }

    /** Serves one JDK connection: reads the seed-3 stream, answers with the seed-4 stream. */
    static CompletableFuture<Served> jdkEcho(SSLServerSocket listener) {
        return Loopback.acceptOnce(listener, socket -> {
            byte[] received = SeededStream.read(socket.getInputStream(), LENGTH);
            SeededStream.write(socket.getOutputStream(), 4, LENGTH);
            return new Served(received, ((SSLSocket) socket).getSession().getProtocol());
        });
    }

    /** What the JDK side saw: the digest of what it read and the protocol negotiated. */
    record Served(byte[] digest, String protocol) {
    }
}
