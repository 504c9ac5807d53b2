package dev.niotls.tls.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.TlsConnection;
import dev.niotls.tls.TlsError;
import dev.niotls.tls.TlsOption;
import dev.niotls.tls.TlsReason;
import dev.niotls.tls.testing.BlockingPeer;
import dev.niotls.tls.testing.LoopbackSockets;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rules on blocking BIOs (SPEC B1 with W2, W7, W12, W13, R3, R4, R5, H1): one thread per side over
 * blocking loopback sockets; every call returns only when done, with no WANT_* under AUTO_RETRY.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BlockingSocketTest {
    private static final long SEED = 0x5EED_0006L;
    private static final long BYTES = 2_000_000;
    private static final String ROLES = "dev.niotls.tls.conformance.Matrix#versionsAndRoles";

    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W2_blockingWriteAndReadRunTheHandshakeThemselves(String version, Role role) throws Exception {
        try (Peers peers = Peers.open(version, Transport.BLOCKING_SOCKET)) {
            BlockingPeer writer = new BlockingPeer("writer", peers.writer(role));
            BlockingPeer reader = new BlockingPeer("reader", peers.reader(role));
            both(() -> writer.send(SEED, BYTES, 50_000), () -> reader.receive(SEED, BYTES, 8192));
            assertEquals(version, peers.client.protocol());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void H1_blockingHandshakeReturnsOne(String version, Role role) throws Exception {
        try (Peers peers = Peers.open(version, Transport.BLOCKING_SOCKET)) {
            BlockingPeer client = new BlockingPeer("client", peers.client);
            BlockingPeer server = new BlockingPeer("server", peers.server);
            both(client::handshake, server::handshake);
            BlockingPeer writer = role.clientWrites() ? client : server;
            BlockingPeer reader = role.clientWrites() ? server : client;
            both(() -> writer.send(SEED, BYTES, 16384), () -> reader.receive(SEED, BYTES, 4096));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W7_blockingWritesReturnOnlyWhenAllIsWritten(String version, Role role) throws Exception {
        try (Peers peers = Peers.open(version, Transport.BLOCKING_SOCKET)) {
            BlockingPeer writer = new BlockingPeer("writer", peers.writer(role));
            BlockingPeer reader = new BlockingPeer("reader", peers.reader(role));
            // One write of more than the kernel buffers hold: it must block until all is written.
            both(() -> writer.send(SEED, BYTES, (int) BYTES), () -> reader.receive(SEED, BYTES, 1000));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void W12_blockingStreamsBothWaysAtOnce(String version, Role role) throws Exception {
        try (Peers peers = Peers.open(version, Transport.BLOCKING_SOCKET)) {
            BlockingPeer client = new BlockingPeer("client", peers.client);
            BlockingPeer server = new BlockingPeer("server", peers.server);
            both(client::handshake, server::handshake);
            // One thread per side (a connection is owned by one thread): the client sends then
            // receives, the server receives then sends; the role decides who goes first.
            BlockingPeer first = role.clientWrites() ? client : server;
            BlockingPeer second = role.clientWrites() ? server : client;
            both(() -> {
                first.send(SEED, 200_000, 7000);
                first.receive(SEED + 1, 200_000, 4096);
            }, () -> {
                second.receive(SEED, 200_000, 5000);
                second.send(SEED + 1, 200_000, 9000);
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void W13_blockingWriteCompletesThroughARenegotiationWithAutoRetry(Role initiatorRole) throws Exception {
        try (Peers peers = Peers.over(Matrix.TLS12, Transport.BLOCKING_SOCKET)
                .serverOptions(TlsOption.ALLOW_CLIENT_RENEGOTIATION).open()) {
            // The writer renegotiates mid-stream (client: ClientHello; server: HelloRequest); with AUTO_RETRY
            // no blocking call may return WANT_READ (BlockingPeer fails on any).
            BlockingPeer writer = new BlockingPeer("writer", peers.writer(initiatorRole));
            BlockingPeer reader = new BlockingPeer("reader", peers.reader(initiatorRole));
            AtomicInteger scheduled = new AtomicInteger();
            writer.atSent(BYTES / 2, () -> scheduled.set(peers.writer(initiatorRole).renegotiate()));
            both(() -> writer.send(SEED, BYTES, 30_000), () -> reader.receive(SEED, BYTES, 8192));
            assertEquals(1, scheduled.get());
            // The reader answers the renegotiation inside its reads; the stream after it flows back too.
            both(() -> reader.send(SEED + 1, 300_000, 10_000), () -> writer.receive(SEED + 1, 300_000, 8192));
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Role.class)
    void R3_blockingReadContinuesThroughKeyUpdatesWithAutoRetry(Role role) throws Exception {
        try (Peers peers = Peers.open(Matrix.TLS13, Transport.BLOCKING_SOCKET)) {
            BlockingPeer writer = new BlockingPeer("writer", peers.writer(role));
            BlockingPeer reader = new BlockingPeer("reader", peers.reader(role));
            AtomicInteger scheduled = new AtomicInteger();
            writer.atSent(BYTES / 3, () -> scheduled.set(peers.writer(role).keyUpdate(true)));
            both(() -> writer.send(SEED, BYTES, 20_000), () -> reader.receive(SEED, BYTES, 8192));
            assertEquals(1, scheduled.get());
            // The requested reply leaves with the reader's next write (H4); the writer reads past it.
            both(() -> reader.send(SEED + 1, 100_000, 10_000), () -> writer.receive(SEED + 1, 100_000, 8192));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R4_blockingCloseNotifyBothWays(String version, Role role) throws Exception {
        try (Peers peers = Peers.open(version, Transport.BLOCKING_SOCKET)) {
            TlsConnection first = peers.writer(role);
            TlsConnection second = peers.reader(role);
            BlockingPeer writer = new BlockingPeer("writer", first);
            BlockingPeer reader = new BlockingPeer("reader", second);
            both(() -> {
                writer.send(SEED, 300_000, 16384);
                assertEquals(0, first.shutdown(), "S1: close_notify sent");
                assertEquals(1, first.shutdown(), "S2: blocks until the peer's close_notify");
            }, () -> {
                reader.receive(SEED, 300_000, 4096);
                int zero = second.read(ByteBuffer.allocate(100));
                assertEquals(0, zero);
                assertEquals(TlsError.ZERO_RETURN, second.getError(zero));
                assertEquals(1, second.shutdown());
            });
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R5_blockingEofWithoutCloseNotifyIsUnexpectedEof(String version, Role role) throws Exception {
        try (Peers peers = Peers.open(version, Transport.BLOCKING_SOCKET)) {
            BlockingPeer writer = new BlockingPeer("writer", peers.writer(role));
            BlockingPeer reader = new BlockingPeer("reader", peers.reader(role));
            both(() -> writer.send(SEED, 100_000, 16384), () -> reader.receive(SEED, 100_000, 4096));
            (role.clientWrites() ? peers.link.clientBio : peers.link.serverBio).shutdownOutput();
            TlsConnection connection = peers.reader(role);
            int result = connection.read(ByteBuffer.allocate(100));
            assertTrue(result <= 0);
            assertEquals(TlsError.SSL, connection.getError(result));
            assertEquals(TlsReason.UNEXPECTED_EOF_WHILE_READING, connection.lastReason());
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource(ROLES)
    void R5_blockingResetIsSyscall(String version, Role role) throws Exception {
        try (Peers peers = Peers.open(version, Transport.BLOCKING_SOCKET)) {
            BlockingPeer writer = new BlockingPeer("writer", peers.writer(role));
            BlockingPeer reader = new BlockingPeer("reader", peers.reader(role));
            both(() -> writer.send(SEED, 100_000, 16384), () -> reader.receive(SEED, 100_000, 4096));
            LoopbackSockets.reset(role.clientWrites() ? peers.link.sockets.client() : peers.link.sockets.server());
            TlsConnection connection = peers.reader(role);
            int result = connection.read(ByteBuffer.allocate(100));
            assertTrue(result <= 0);
            assertEquals(TlsError.SYSCALL, connection.getError(result), () -> "reason " + connection.lastReason());
            assertNotNull(connection.lastException());
        }
    }

    /** Runs both sides, each in its own thread, and rethrows the first failure. */
    private void both(Step first, Step second) throws Exception {
        Future<?> one = threads.submit(asCallable(first));
        Future<?> two = threads.submit(asCallable(second));
        try {
            one.get(90, TimeUnit.SECONDS);
            two.get(90, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            one.cancel(true);
            two.cancel(true);
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw e;
        } catch (TimeoutException e) {
            throw new AssertionError("a blocking side did not finish", e);
        }
    }

    private static Callable<Void> asCallable(Step step) {
        return () -> {
            step.run();
            return null;
        };
    }

    /** One side's work. */
    @FunctionalInterface
    private interface Step {
        void run() throws IOException;
    }
}
