package dev.niotls.tls.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.ContextPeers;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.Loopback;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.bouncycastle.tls.SecurityParameters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.2 session tickets against {@code openssl s_client -sess_out / -sess_in}: one server, two servers on
 * separate contexts sharing one key file (a fleet), a foreign key file, key rotation through the live file,
 * expiry, a tampered ticket, and TLS 1.3 left alone. The session-ID cache is off in these servers, so every
 * "Reused" is a ticket's doing.
 */
@Tag("interop")
@Timeout(180)
class SessionTicketInteropTest {
    @TempDir
    Path dir;

    private static String keyLine(int seed) {
        byte[] name = new byte[16];
        byte[] secret = new byte[32];
        Random random = new Random(seed);
        random.nextBytes(name);
        random.nextBytes(secret);
        return HexFormat.of().formatHex(name) + " " + HexFormat.of().formatHex(secret) + "\n";
    }

    private Path keyFile(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content);
        return file;
    }

    private static TlsContext server(Path keys) {
        return TlsContext.server().selfSigned("localhost").sessionCache(0, Duration.ofMinutes(5))
                .sessionTicketKeys(keys).build();
    }

    /** One BC handshake with the context's peer; returns what it negotiated once the client has gone. */
    private static CompletableFuture<SecurityParameters> serveHandshake(ServerSocket listener, TlsContext server) {
        return Loopback.acceptOnce(listener, socket -> {
            BcPair.ServerSide tls = new BcPair.ServerSide(socket.getInputStream(), socket.getOutputStream());
            tls.accept(ContextPeers.server(server));
            SecurityParameters parameters = tls.parameters();
            drain(tls.getInputStream());
            return parameters;
        });
    }

    private static void drain(InputStream in) {
        try {
            while (in.read() >= 0) {
                continue;
            }
        } catch (IOException e) {
            // s_client may leave without close_notify; the handshake facts are what we check
        }
    }

    /** Result of one s_client run: its text and whether the server resumed. */
    private record Run(String text, boolean serverResumed) {
        boolean reused() {
            return text.contains("Reused, TLSv1.2");
        }
    }

    /** {@code s_client -tls1_2} to {@code server}, saving the session to {@code out} and/or offering {@code in}. */
    private static Run sClient(TlsContext server, Path in, Path out, String... extra) throws Exception {
        try (ServerSocket listener = Loopback.serverSocket()) {
            CompletableFuture<SecurityParameters> served = serveHandshake(listener, server);
            List<String> args = new ArrayList<>(List.of("s_client", "-connect", "127.0.0.1:"
                    + listener.getLocalPort(), "-servername", "localhost", "-tls1_2"));
            if (in != null) {
                args.addAll(List.of("-sess_in", in.toString()));
            }
            if (out != null) {
                args.addAll(List.of("-sess_out", out.toString()));
            }
            args.addAll(List.of(extra));
            try (ChildProcess client = ChildProcess.openssl("s_client", args, new byte[0], false)) {
                String text = client.stdoutAtExit(deadline()).text();
                boolean resumed = Loopback.await(served).isResumedSession();
                Run run = new Run(text, resumed);
                assertEquals(run.reused(), resumed, text);
                assertTrue(run.reused() || text.contains("New, TLSv1.2"), text + client.stderr().text());
                return run;
            }
        }
    }

    @Test
    void sClientResumesWithATicketAgainstOneServer() throws Exception {
        TlsContext server = server(keyFile("one.keys", keyLine(1)));
        Path session = dir.resolve("one.session");
        Run first = sClient(server, null, session);
        assertFalse(first.reused());
        assertTrue(first.text.contains("TLS session ticket lifetime hint: 300 (seconds)"), first.text);
        for (int round = 0; round < 2; round++) {
            assertTrue(sClient(server, session, null).reused(), "resumed from the ticket, round " + round);
        }
    }

    @Test
    void secondServerSharingTheKeyFileResumesTheFirstOnesSession() throws Exception {
        Path keys = keyFile("fleet.keys", keyLine(2));
        TlsContext first = server(keys);
        TlsContext second = server(keys);
        Path session = dir.resolve("fleet.session");
        assertFalse(sClient(first, null, session).reused());
        assertTrue(sClient(second, session, null).reused(), "the other server resumes the first one's ticket");
    }

    @Test
    void nginxBinaryKeyFileIsSharedToo() throws Exception {
        byte[] nginxKey = new byte[80];
        new Random(3).nextBytes(nginxKey);
        nginxKey[0] = (byte) 0x80;
        Path keys = dir.resolve("nginx.key");
        Files.write(keys, nginxKey);
        Path session = dir.resolve("nginx.session");
        assertFalse(sClient(server(keys), null, session).reused());
        assertTrue(sClient(server(keys), session, null).reused());
    }

    @Test
    void foreignKeyFileGivesAFullHandshakeAndANewTicket() throws Exception {
        Path session = dir.resolve("foreign.session");
        assertFalse(sClient(server(keyFile("a.keys", keyLine(4))), null, session).reused());
        TlsContext foreign = server(keyFile("b.keys", keyLine(5)));
        Path renewed = dir.resolve("foreign-renewed.session");
        assertFalse(sClient(foreign, session, renewed).reused(), "a ticket of a foreign key: full handshake");
        assertTrue(sClient(foreign, renewed, null).reused(), "the full handshake issued a ticket of our key");
    }

    @Test
    void rotatingTheLiveKeyFileKeepsOldTicketsUntilTheOldKeyIsRemoved() throws Exception {
        Path keys = keyFile("rotate.keys", keyLine(6));
        TlsContext server = server(keys);
        Path oldSession = dir.resolve("old.session");
        assertFalse(sClient(server, null, oldSession).reused());

        // Rotation step 1: a new key first (it encrypts), the old one second (it still decrypts).
        SessionTicketsTest.replace(keys, keyLine(7) + keyLine(6));
        awaitKeys(server, keyLine(7), keyLine(6));
        assertTrue(sClient(server, oldSession, null).reused(), "the old key still opens its tickets");
        Path newSession = dir.resolve("new.session");
        assertFalse(sClient(server, null, newSession).reused());

        // Rotation step 2, a ticket lifetime later: the old key goes.
        SessionTicketsTest.replace(keys, keyLine(7));
        awaitKeys(server, keyLine(7));
        assertFalse(sClient(server, oldSession, null).reused(), "the old key is gone: full handshake");
        assertTrue(sClient(server, newSession, null).reused(), "tickets of the new key resume");

        // A bad file keeps the keys in force.
        SessionTicketsTest.replace(keys, "this is not a key file\n");
        Thread.sleep(2 * SettingsBuilder.TICKET_KEY_FILE_CHECK.toMillis() + 500);
        assertEquals(List.of(keyLine(7).substring(0, 32)), liveKeys(server));
        assertTrue(sClient(server, newSession, null).reused());
    }

    private static List<String> liveKeys(TlsContext server) {
        return ((ContextServer) ContextPeers.server(server)).sessionTickets().keys().names();
    }

    /** Waits until the server's live key file watcher has loaded these keys (in this order). */
    private static void awaitKeys(TlsContext server, String... lines) throws InterruptedException {
        List<String> names = new ArrayList<>();
        for (String line : lines) {
            names.add(line.substring(0, 32));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(Loopback.TIMEOUT_SECONDS).toNanos();
        while (!liveKeys(server).equals(names) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(names, liveKeys(server));
    }

    @Test
    void expiredTicketGivesAFullHandshake() throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").sessionCache(0, Duration.ofMinutes(5))
                .sessionTicketKeys(keyFile("expiry.keys", keyLine(8))).sessionTicketLifetime(Duration.ofSeconds(1))
                .build();
        Path session = dir.resolve("expiry.session");
        Run first = sClient(server, null, session);
        assertTrue(first.text.contains("TLS session ticket lifetime hint: 1 (seconds)"), first.text);
        Thread.sleep(1500);
        // s_client itself would drop a session past the hint; -sess_in keeps offering it, so the server decides.
        assertFalse(sClient(server, session, null).reused(), "expired: full handshake");
    }

    @Test
    void tamperedTicketGivesAFullHandshake() throws Exception {
        String line = keyLine(9);
        TlsContext server = server(keyFile("tamper.keys", line));
        Path session = dir.resolve("tamper.session");
        assertFalse(sClient(server, null, session).reused());
        byte[] name = HexFormat.of().parseHex(line.substring(0, 32));
        for (int offset : new int[] {0, TicketKey.NAME_LENGTH + 1, TicketKey.NAME_LENGTH + TicketSealer.NONCE_LENGTH
            + 5}) {
            Path tampered = dir.resolve("tampered-" + offset + ".session");
            Files.writeString(tampered, flipTicketByte(Files.readString(session), name, offset));
            assertFalse(sClient(server, tampered, null).reused(), "ticket byte " + offset + " flipped");
        }
        assertTrue(sClient(server, session, null).reused(), "the untouched ticket still resumes");
    }

    /** The session PEM with one byte of the ticket flipped (found by the key name it starts with). */
    private static String flipTicketByte(String pem, byte[] keyName, int offset) {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(base64);
        int at = indexOf(der, keyName);
        assertTrue(at >= 0, "the ticket is in the saved session");
        der[at + offset] ^= 0x01;
        return "-----BEGIN SSL SESSION PARAMETERS-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(
                StandardCharsets.US_ASCII)).encodeToString(der) + "\n-----END SSL SESSION PARAMETERS-----\n";
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void inMemoryKeysResumeOnTheSameContextOnly() throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").sessionCache(0, Duration.ofMinutes(5))
                .sessionTickets(Duration.ofHours(1)).build();
        TlsContext other = TlsContext.server().selfSigned("localhost").sessionCache(0, Duration.ofMinutes(5))
                .sessionTickets(Duration.ofHours(1)).build();
        Path session = dir.resolve("memory.session");
        assertFalse(sClient(server, null, session).reused());
        assertTrue(sClient(server, session, null).reused());
        assertFalse(sClient(other, session, null).reused(), "another process's memory keys: full handshake");
    }

    @Test
    void ticketsAreOffByDefaultAndTheSessionIdCacheStillResumes() throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").build();
        Path session = dir.resolve("default.session");
        Run first = sClient(server, null, session);
        assertFalse(first.text.contains("TLS session ticket:"), "no ticket by default: " + first.text);
        assertTrue(sClient(server, session, null).reused(), "session-ID resumption as before");
    }

    @Test
    void ticketsAndTheSessionIdCacheTogether() throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").sessionTickets(Duration.ofHours(1)).build();
        Path session = dir.resolve("both.session");
        assertFalse(sClient(server, null, session).reused());
        assertTrue(sClient(server, session, null).reused());
        Path idOnly = dir.resolve("id-only.session");
        assertFalse(sClient(server, null, idOnly, "-no_ticket").reused());
        assertTrue(sClient(server, idOnly, null, "-no_ticket").reused(), "a client without tickets uses the cache");
    }

    @Test
    void alpnIsNegotiatedAfreshOnAResumption() throws Exception {
        TlsContext server = TlsContext.server().selfSigned("localhost").sessionCache(0, Duration.ofMinutes(5))
                .applicationProtocols("h2", "http/1.1").sessionTicketKeys(keyFile("alpn.keys", keyLine(13)))
                .build();
        Path session = dir.resolve("alpn.session");
        assertTrue(sClient(server, null, session, "-alpn", "h2").text.contains("ALPN protocol: h2"));
        Run resumed = sClient(server, session, null, "-alpn", "http/1.1");
        assertTrue(resumed.reused());
        assertTrue(resumed.text.contains("ALPN protocol: http/1.1"), resumed.text);
    }

    @Test
    void requiredClientCertificateTravelsInTheTicket() throws Exception {
        TestPki.Issued root = TestPki.root("Ticket Root", TestPki.KeyType.EC);
        TestPki.Issued leaf = TestPki.leaf(root, TestPki.KeyType.EC, "client.test");
        Path rootPem = TestPki.writeCertificates(dir, "ticket-root.pem", List.of(root.certificate()));
        Path chainPem = TestPki.writeCertificates(dir, "ticket-client.pem", leaf.chain());
        Path keyPem = TestPki.writePkcs8(dir, "ticket-client.key", leaf.key());
        TlsContext server = TlsContext.server().selfSigned("localhost").sessionCache(0, Duration.ofMinutes(5))
                .trustPem(rootPem).requireClientCertificate()
                .sessionTicketKeys(keyFile("client-auth.keys", keyLine(14))).build();
        Path session = dir.resolve("client-auth.session");
        String[] identity = {"-cert", chainPem.toString(), "-key", keyPem.toString()};
        assertFalse(sClient(server, null, session, identity).reused());
        try (ServerSocket listener = Loopback.serverSocket()) {
            CompletableFuture<SecurityParameters> served = serveHandshake(listener, server);
            try (ChildProcess client = ChildProcess.openssl("s_client", List.of("s_client", "-connect", "127.0.0.1:"
                    + listener.getLocalPort(), "-servername", "localhost", "-tls1_2", "-sess_in", session.toString(),
                    "-cert", chainPem.toString(), "-key", keyPem.toString()), new byte[0], false)) {
                String text = client.stdoutAtExit(deadline()).text();
                assertTrue(text.contains("Reused, TLSv1.2"), text);
            }
            SecurityParameters resumed = Loopback.await(served);
            assertTrue(resumed.isResumedSession());
            // The resumed handshake carries no Certificate message: the chain comes from the ticket.
            assertArrayEquals(leaf.certificate().getEncoded(),
                    resumed.getPeerCertificate().getCertificateAt(0).getEncoded());
        }
    }

    @Test
    void jdkClientResumesWithATicket() throws Exception {
        TlsContext server = server(keyFile("jdk.keys", keyLine(11)));
        javax.net.ssl.SSLContext jdk = TestPki.jdkContext(null, server.certificateChain().get(0));
        try (ServerSocket listener = Loopback.serverSocket()) {
            for (int round = 0; round < 2; round++) {
                CompletableFuture<SecurityParameters> served = serveHandshake(listener, server);
                try (javax.net.ssl.SSLSocket client = (javax.net.ssl.SSLSocket) jdk.getSocketFactory().createSocket(
                        "127.0.0.1", listener.getLocalPort())) {
                    client.setEnabledProtocols(new String[] {"TLSv1.2"});
                    javax.net.ssl.SSLParameters parameters = client.getSSLParameters();
                    parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName("localhost")));
                    client.setSSLParameters(parameters);
                    client.startHandshake();
                }
                assertEquals(round == 1, Loopback.await(served).isResumedSession(), "round " + round);
            }
        }
    }

    @Test
    void tls13IsUntouchedByTickets() throws Exception {
        TlsContext server = server(keyFile("tls13.keys", keyLine(10)));
        try (ServerSocket listener = Loopback.serverSocket()) {
            CompletableFuture<SecurityParameters> served = serveHandshake(listener, server);
            // No version flag: the ClientHello offers TLS 1.2 too, with its session_ticket extension, and TLS 1.3
            // wins; the extension must not leak into TLS 1.3's EncryptedExtensions.
            try (ChildProcess client = ChildProcess.openssl("s_client", List.of("s_client", "-connect", "127.0.0.1:"
                    + listener.getLocalPort(), "-servername", "localhost"), new byte[0], false)) {
                String text = client.stdoutAtExit(deadline()).text();
                assertTrue(text.contains("New, TLSv1.3"), text + client.stderr().text());
            }
            SecurityParameters parameters = Loopback.await(served);
            assertNotNull(parameters);
            assertFalse(parameters.isResumedSession());
        }
    }

    private static long deadline() {
        return Loopback.deadline(Loopback.TIMEOUT_SECONDS);
    }
}
