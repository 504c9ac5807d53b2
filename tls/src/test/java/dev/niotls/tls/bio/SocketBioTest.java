package dev.niotls.tls.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.testing.LoopbackSockets;
import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC B1: {@link SocketBio} over real loopback sockets, blocking and non-blocking. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketBioTest {
    private static final long TOTAL = 4_000_000;

    @Test
    void B1_nonBlockingWriteOfZeroMeansWouldBlock() throws IOException {
        try (LoopbackSockets sockets = LoopbackSockets.open(false)) {
            sockets.client().setOption(StandardSocketOptions.SO_SNDBUF, 8192);
            sockets.server().setOption(StandardSocketOptions.SO_RCVBUF, 8192);
            SocketBio writer = new SocketBio(sockets.client());
            SocketBio reader = new SocketBio(sockets.server());
            assertFalse(writer.isBlocking());
            SeededStream stream = new SeededStream(21);
            ByteBuffer src = ByteBuffer.allocate(65536);
            long written = 0;
            int last;
            // The peer does not read: the kernel buffers fill up and the write is refused.
            do {
                if (!src.hasRemaining() || src.position() == 0) {
                    src.clear();
                    stream.fill(src);
                    src.flip();
                }
                int before = src.remaining();
                last = writer.write(src);
                assertEquals(before - src.remaining(), last);
                written += last;
                assertTrue(written < 256L << 20, "loopback buffers cannot hold 256 MiB");
            } while (last > 0);
            assertEquals(0, last);
            StreamVerifier verifier = new StreamVerifier(21);
            drainNonBlocking(reader, verifier, written);
            verifier.assertComplete(written);
        }
    }

    @Test
    void B1_nonBlockingReadOfZeroMeansWouldBlockAndMinusOneIsEof() throws IOException {
        try (LoopbackSockets sockets = LoopbackSockets.open(false)) {
            SocketBio reader = new SocketBio(sockets.server());
            ByteBuffer dst = ByteBuffer.allocate(16);
            assertEquals(0, reader.read(dst), "no data yet: would block");
            new SocketBio(sockets.client()).shutdownOutput();
            assertEquals(-1, awaitRead(reader, dst), "FIN: end of stream");
        }
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {true, false})
    void B1_seededStreamBothWays(boolean blocking) throws Exception {
        try (LoopbackSockets sockets = LoopbackSockets.open(blocking)) {
            SocketBio client = new SocketBio(sockets.client());
            SocketBio server = new SocketBio(sockets.server());
            assertEquals(blocking, client.isBlocking());
            CompletableFuture<Void> up = CompletableFuture.runAsync(() -> send(client, 31, 1500));
            CompletableFuture<Void> down = CompletableFuture.runAsync(() -> send(server, 32, 70000));
            receive(server, 31, 4096);
            receive(client, 32, 999);
            up.get(50, TimeUnit.SECONDS);
            down.get(50, TimeUnit.SECONDS);
        }
    }

    @Test
    void B1_blockingReadReturnsMinusOneAtEof() throws IOException {
        try (LoopbackSockets sockets = LoopbackSockets.open(true)) {
            SocketBio client = new SocketBio(sockets.client());
            SocketBio server = new SocketBio(sockets.server());
            assertEquals(3, client.write(ByteBuffer.wrap(new byte[] {1, 2, 3})));
            client.shutdownOutput();
            ByteBuffer dst = ByteBuffer.allocate(16);
            int total = 0;
            int n;
            while ((n = server.read(dst)) > 0) {
                total += n;
            }
            assertEquals(3, total);
            assertEquals(-1, n, "a blocking read never returns 0 for a non-empty buffer");
            assertEquals(0, server.read(ByteBuffer.allocate(0)), "an empty buffer reads 0");
        }
    }

    @ParameterizedTest(name = "blocking={0}")
    @ValueSource(booleans = {true, false})
    void B1_resetSurfacesAsIoException(boolean blocking) throws IOException {
        try (LoopbackSockets sockets = LoopbackSockets.open(blocking)) {
            SocketBio server = new SocketBio(sockets.server());
            LoopbackSockets.reset(sockets.client());
            IOException reset = assertThrows(IOException.class, () -> awaitRead(server, ByteBuffer.allocate(16)));
            assertTrue(String.valueOf(reset.getMessage()).toLowerCase().contains("reset"), reset.toString());
        }
    }

    @Test
    void B1_skipEmptyReadsReturnsZeroAfterAShortReadUntilTheSelectorSaysReadable() throws IOException {
        try (LoopbackSockets sockets = LoopbackSockets.open(false); Selector selector = Selector.open()) {
            SocketBio reader = skippingReader(sockets, selector);
            SocketBio writer = new SocketBio(sockets.client());
            ByteBuffer dst = ByteBuffer.allocate(16);
            writer.write(ByteBuffer.wrap(new byte[10]));
            awaitReadable(selector);
            reader.readable();
            assertEquals(10, reader.read(dst), "a short read: the socket is empty now");
            writer.write(ByteBuffer.wrap(new byte[5]));
            awaitReadable(selector); // the 5 bytes are there, but nobody told the BIO
            assertEquals(0, reader.read(dst.clear()), "skipped: would block until readable()");
            reader.readable();
            assertEquals(5, reader.read(dst.clear()));
        }
    }

    @Test
    void B1_skipEmptyReadsReadsOnWhileReadsFillTheBufferAndKeepsEndOfStream() throws IOException {
        try (LoopbackSockets sockets = LoopbackSockets.open(false); Selector selector = Selector.open()) {
            SocketBio reader = skippingReader(sockets, selector);
            SocketBio writer = new SocketBio(sockets.client());
            writer.write(ByteBuffer.wrap(new byte[32]));
            awaitReadable(selector);
            reader.readable();
            ByteBuffer dst = ByteBuffer.allocate(16);
            assertEquals(16, reader.read(dst), "a full buffer: maybe more waits");
            assertEquals(16, reader.read(dst.clear()), "read on without readable()");
            assertEquals(0, reader.read(dst.clear()), "EAGAIN: now the BIO waits for readable()");
            writer.shutdownOutput();
            awaitReadable(selector);
            reader.readable();
            assertEquals(-1, reader.read(dst.clear()), "FIN: end of stream");
            assertEquals(-1, reader.read(dst.clear()), "end of stream stays, readable() or not");
        }
    }

    @ParameterizedTest(name = "readSize={0}")
    @ValueSource(ints = {1, 100, 4096, 65536})
    void B1_skipEmptyReadsLosesNothingUnderASelectorLoop(int readSize) throws Exception {
        try (LoopbackSockets sockets = LoopbackSockets.open(false); Selector selector = Selector.open()) {
            SocketBio reader = skippingReader(sockets, selector);
            SocketBio writer = new SocketBio(sockets.client());
            CompletableFuture<Void> up = CompletableFuture.runAsync(() -> send(writer, 43, 1500));
            StreamVerifier verifier = new StreamVerifier(43);
            ByteBuffer dst = ByteBuffer.allocate(readSize);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (verifier.received() < TOTAL) {
                int n = reader.read(dst.clear());
                assertTrue(n >= 0, "end of stream before the whole stream");
                if (n > 0) {
                    verifier.accept(dst.flip());
                    continue;
                }
                assertTrue(System.nanoTime() < deadline, "stalled at " + verifier.received());
                // As the reactor: block in select(), and tell the BIO when the socket is readable.
                if (selector.select(1000) > 0) {
                    selector.selectedKeys().clear();
                    reader.readable();
                }
            }
            up.get(30, TimeUnit.SECONDS);
            verifier.assertComplete(TOTAL);
        }
    }

    /** The server side as the reactor reads it: skipping empty reads, its socket watched by {@code selector}. */
    private static SocketBio skippingReader(LoopbackSockets sockets, Selector selector) throws IOException {
        sockets.server().register(selector, SelectionKey.OP_READ);
        return SocketBio.skippingEmptyReads(sockets.server());
    }

    private static void awaitReadable(Selector selector) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (selector.select(1000) == 0) {
            assertTrue(System.nanoTime() < deadline, "nothing readable within 20 s");
        }
        selector.selectedKeys().clear();
    }

    /** Reads until something happens (data or EOF), waiting on a Selector when non-blocking. */
    private static int awaitRead(SocketBio bio, ByteBuffer dst) throws IOException {
        if (bio.isBlocking()) {
            return bio.read(dst);
        }
        try (Selector selector = Selector.open()) {
            bio.channel().register(selector, SelectionKey.OP_READ);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            int n;
            while ((n = bio.read(dst)) == 0) {
                assertTrue(System.nanoTime() < deadline, "nothing readable within 20 s");
                selector.select(1000);
                selector.selectedKeys().clear();
            }
            return n;
        }
    }

    private static void drainNonBlocking(SocketBio bio, StreamVerifier verifier, long total) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(8192);
        while (verifier.received() < total) {
            dst.clear();
            int n = awaitRead(bio, dst);
            assertTrue(n > 0, "unexpected EOF");
            dst.flip();
            verifier.accept(dst);
        }
    }

    private static void send(SocketBio bio, long seed, int writeSize) {
        try (Selector selector = Selector.open()) {
            if (!bio.isBlocking()) {
                bio.channel().register(selector, SelectionKey.OP_WRITE);
            }
            SeededStream stream = new SeededStream(seed);
            ByteBuffer src = ByteBuffer.allocate(writeSize);
            while (stream.position() < TOTAL) {
                src.clear();
                stream.fill(src, (int) Math.min(writeSize, TOTAL - stream.position()));
                src.flip();
                while (src.hasRemaining()) {
                    int before = src.remaining();
                    int n = bio.write(src);
                    if (bio.isBlocking()) {
                        assertTrue(n > 0, "a blocking write loops until progress");
                    } else if (n == 0) {
                        selector.select(1000);
                        selector.selectedKeys().clear();
                    }
                    assertEquals(before - src.remaining(), n);
                }
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static void receive(SocketBio bio, long seed, int readSize) throws IOException {
        StreamVerifier verifier = new StreamVerifier(seed);
        ByteBuffer dst = ByteBuffer.allocate(readSize);
        while (verifier.received() < TOTAL) {
            dst.clear();
            int n = awaitRead(bio, dst);
            assertTrue(n > 0, "unexpected EOF after " + verifier.received());
            dst.flip();
            verifier.accept(dst);
        }
        verifier.assertComplete(TOTAL);
    }
}
