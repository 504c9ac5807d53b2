package dev.niotls.tls.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsContext;
import dev.niotls.tls.bio.SocketBio;
import dev.niotls.tls.testing.OpsServer;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * niotls's JFR events, recorded in-process: a handshake, a KeyUpdate, close_notify both ways, a handshake that
 * fails with an alert, the reactor's ConnectionClosed and the periodic LoopWants, read back from the file.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JfrEventsTest {
    @TempDir
    Path directory;

    @Test
    void handshakeAlertKeyUpdateCloseAndLoopWantsAreRecorded() throws Exception {
        TlsContext serverContext = TlsContext.server().selfSigned("localhost").build();
        List<RecordedEvent> events;
        String serverThreads;
        try (Recording recording = new Recording()) {
            for (String name : List.of("dev.niotls.Handshake", "dev.niotls.Alert", "dev.niotls.KeyUpdate",
                    "dev.niotls.ConnectionClosed")) {
                recording.enable(name);
            }
            recording.enable("dev.niotls.LoopWants").withPeriod(Duration.ofMillis(100));
            recording.start();
            try (OpsServer server = new OpsServer(serverContext)) {
                serverThreads = server.threadPrefix;
                exchange(server.port(), TlsContext.client().trust(serverContext.certificateChain().get(0))
                        .serverName("localhost").protocols("TLSv1.3").build());
                failedHandshake(server.port());
                awaitClosed(server, 2);
                Thread.sleep(300); // at least one LoopWants period while the loop lives
            }
            recording.stop();
            Path file = directory.resolve("niotls.jfr");
            recording.dump(file);
            events = ours(RecordingFile.readAllEvents(file), serverThreads);
        }

        RecordedEvent serverHandshake = only(events, "dev.niotls.Handshake",
                e -> "server".equals(e.getString("role")) && "completed".equals(e.getString("outcome")));
        assertEquals("TLSv1.3", serverHandshake.getString("protocol"));
        assertEquals("TLS_AES_128_GCM_SHA256", serverHandshake.getString("cipherSuite"));
        assertEquals("x25519", serverHandshake.getString("group"));
        assertFalse(serverHandshake.getBoolean("resumed"));
        assertTrue(serverHandshake.getString("peer").contains("127.0.0.1"), serverHandshake.toString());
        assertTrue(serverHandshake.getDuration().toNanos() > 0);
        only(events, "dev.niotls.Handshake",
                e -> "client".equals(e.getString("role")) && "completed".equals(e.getString("outcome")));

        RecordedEvent failed = only(events, "dev.niotls.Handshake",
                e -> "client".equals(e.getString("role")) && "failed".equals(e.getString("outcome")));
        assertTrue(failed.getString("reason").startsWith("CERTIFICATE_VERIFY_FAILED"), failed.toString());
        only(events, "dev.niotls.Alert", e -> "sent".equals(e.getString("direction"))
                && "unknown_ca".equals(e.getString("description")) && "fatal".equals(e.getString("level")));
        only(events, "dev.niotls.Alert", e -> "received".equals(e.getString("direction"))
                && "unknown_ca".equals(e.getString("description")));

        assertTrue(count(events, "dev.niotls.Alert", e -> "close_notify".equals(e.getString("description"))
                && "sent".equals(e.getString("direction"))) >= 1, describe(events));
        assertTrue(count(events, "dev.niotls.Alert", e -> "close_notify".equals(e.getString("description"))
                && "received".equals(e.getString("direction"))) >= 1, describe(events));

        only(events, "dev.niotls.KeyUpdate", e -> "sent".equals(e.getString("direction"))
                && e.getBoolean("updateRequested"));
        only(events, "dev.niotls.KeyUpdate", e -> "received".equals(e.getString("direction"))
                && e.getBoolean("updateRequested"));

        RecordedEvent closed = only(events, "dev.niotls.ConnectionClosed", e -> e.getLong("bytesIn") > 0);
        assertEquals("CLEAN", closed.getString("reason"));
        assertEquals(OpsServer.responseLength(), closed.getLong("bytesOut"));
        assertTrue(closed.getDuration("lifetime").toNanos() > 0);
        only(events, "dev.niotls.ConnectionClosed", e -> e.getLong("bytesIn") == 0);

        assertTrue(count(events, "dev.niotls.LoopWants", e -> e.getLong("wantReadsTotal") > 0) >= 1,
                describe(events));
    }

    @Test
    void aTls12RenegotiationIsAHandshakeEventMarkedRenegotiation() throws Exception {
        TlsContext serverContext = TlsContext.server().selfSigned("localhost").protocols("TLSv1.2").build();
        TlsContext clientContext = TlsContext.client().trust(serverContext.certificateChain().get(0))
                .serverName("localhost").build();
        List<RecordedEvent> events;
        try (Recording recording = new Recording()) {
            recording.enable("dev.niotls.Handshake");
            recording.start();
            dev.niotls.tls.bio.BioPair pair = dev.niotls.tls.bio.BioPair.create(32768, 32768);
            TlsConnection client = clientContext.newConnection(pair.first());
            TlsConnection server = serverContext.newConnection(pair.second());
            client.setConnectState();
            server.setAcceptState();
            pump(client, server, () -> client.isHandshakeDone() && server.isHandshakeDone());
            assertEquals(1, server.renegotiate()); // HelloRequest: the client answers with a new ClientHello
            pump(client, server, () -> client.renegotiations() == 1 && server.renegotiations() == 1);
            recording.stop();
            Path file = directory.resolve("renegotiation.jfr");
            recording.dump(file);
            events = ours(RecordingFile.readAllEvents(file), "no server thread");
        }
        for (String role : List.of("client", "server")) {
            only(events, "dev.niotls.Handshake", e -> role.equals(e.getString("role")) && !e.getBoolean("renegotiation")
                    && "completed".equals(e.getString("outcome")));
            RecordedEvent renegotiation = only(events, "dev.niotls.Handshake", e -> role.equals(e.getString("role"))
                    && e.getBoolean("renegotiation"));
            assertEquals("completed", renegotiation.getString("outcome"));
            assertEquals("TLSv1.2", renegotiation.getString("protocol"));
        }
    }

    /** Drives two in-memory connections (reads drive handshakes, empty writes flush) until {@code done}. */
    private static void pump(TlsConnection client, TlsConnection server, java.util.function.BooleanSupplier done) {
        ByteBuffer scratch = ByteBuffer.allocate(32768);
        ByteBuffer empty = ByteBuffer.allocate(0);
        for (int round = 0; round < 1000 && !done.getAsBoolean(); round++) {
            for (TlsConnection connection : List.of(client, server)) {
                connection.write(empty);
                scratch.clear();
                connection.read(scratch);
                assertFalse(connection.isFailed(), () -> String.valueOf(connection.lastException()));
            }
        }
        assertTrue(done.getAsBoolean(), "the handshakes did not complete");
    }

    /** A TLS 1.3 request and response, a KeyUpdate asking for the server's, and close_notify both ways. */
    private static void exchange(int port, TlsContext client) throws Exception {
        try (SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            TlsConnection connection = client.newConnection(new SocketBio(socket));
            connection.setConnectState();
            assertEquals(1, connection.doHandshake(), () -> String.valueOf(connection.lastException()));
            assertEquals(1, connection.keyUpdate(true));
            ByteBuffer request = ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(request.capacity(), connection.write(request));
            ByteBuffer response = ByteBuffer.allocate(4096);
            while (response.position() < OpsServer.responseLength()) {
                assertTrue(connection.read(response) > 0, () -> String.valueOf(connection.lastException()));
            }
            assertEquals(0, connection.shutdown());
            assertEquals(1, connection.shutdown(), () -> String.valueOf(connection.lastException()));
        }
    }

    /** A client that trusts another certificate: it sends unknown_ca and the server receives it. */
    private static void failedHandshake(int port) throws Exception {
        TlsContext stranger = TlsContext.server().selfSigned("localhost").build();
        TlsContext client = TlsContext.client().trust(stranger.certificateChain().get(0)).serverName("localhost")
                .build();
        try (SocketChannel socket = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            TlsConnection connection = client.newConnection(new SocketBio(socket));
            connection.setConnectState();
            assertEquals(-1, connection.doHandshake());
        }
    }

    private static void awaitClosed(OpsServer server, long count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.server.counters().connectionsOpen() > 0
                || server.server.counters().handshakesDone() + server.server.counters().handshakesFailed() < count) {
            assertTrue(System.nanoTime() < deadline, server.server.counters().toString());
            Thread.sleep(20);
        }
    }

    /**
     * The events of this test: written on the test's thread (the clients) or on its server's loop (other
     * tests' loops may still be closing connections while this one records), and the periodic LoopWants.
     */
    private static List<RecordedEvent> ours(List<RecordedEvent> events, String serverThreadPrefix) {
        String testThread = Thread.currentThread().getName();
        return events.stream().filter(e -> e.getEventType().getName().equals("dev.niotls.LoopWants")
                || e.getThread() != null && (testThread.equals(e.getThread().getJavaName())
                        || String.valueOf(e.getThread().getJavaName()).startsWith(serverThreadPrefix)))
                .collect(Collectors.toList());
    }

    private static RecordedEvent only(List<RecordedEvent> events, String type, Predicate<RecordedEvent> filter) {
        List<RecordedEvent> matching = events.stream().filter(e -> e.getEventType().getName().equals(type))
                .filter(filter).collect(Collectors.toList());
        assertEquals(1, matching.size(), type + " matching: " + matching + "\nall: " + describe(events));
        return matching.get(0);
    }

    private static long count(List<RecordedEvent> events, String type, Predicate<RecordedEvent> filter) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).filter(filter).count();
    }

    private static String describe(List<RecordedEvent> events) {
        return events.stream().filter(e -> e.getEventType().getName().startsWith("dev.niotls"))
                .map(RecordedEvent::toString).collect(Collectors.joining());
    }
}
