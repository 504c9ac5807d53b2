package dev.niotls.tls.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.niotls.tls.testing.SeededStream;
import dev.niotls.tls.testing.StreamVerifier;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC B2: the bounded in-memory pair, OpenSSL's {@code BIO_new_bio_pair}. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BioPairTest {

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7, 256, 512, 16384})
    void B2_writeIsBoundedByCapacityAndPartial(int capacity) throws IOException {
        BioPair pair = BioPair.create(capacity, capacity);
        ByteBuffer src = ByteBuffer.allocate(capacity + 5);
        new SeededStream(1).fill(src);
        src.flip();

        assertEquals(capacity, pair.first().write(src), "a write that does not fit is partial");
        assertEquals(5, src.remaining());
        assertEquals(0, pair.first().write(src), "a full end takes nothing: would block");
        assertEquals(5, src.remaining(), "a refused write leaves the buffer alone");
        assertEquals(0, pair.first().writable());
        assertEquals(capacity, pair.second().readable());
        assertEquals(capacity, pair.first().unreadByPeer());
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7, 256, 512, 16384})
    void B2_readFromEmptyEndWouldBlock(int capacity) throws IOException {
        BioPair pair = BioPair.create(capacity, capacity);
        ByteBuffer dst = ByteBuffer.allocate(10);
        assertEquals(0, pair.second().read(dst));
        assertEquals(0, pair.first().read(dst));
        assertEquals(0, dst.position());
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7, 256, 512, 16384})
    void B2_seededStreamCrossesBothWaysIntact(int capacity) throws IOException {
        BioPair pair = BioPair.create(capacity, capacity + 3);
        transfer(pair.first(), pair.second(), 11, 100_000, 1000, 333);
        transfer(pair.second(), pair.first(), 12, 100_000, 777, 4096);
    }

    @Test
    void B2_capacitiesAreIndependentPerDirection() throws IOException {
        BioPair pair = BioPair.create(3, 9);
        assertEquals(3, pair.first().writable());
        assertEquals(9, pair.second().writable());
    }

    @Test
    void B2_shutdownOutputGivesEofAfterTheBufferedBytes() throws IOException {
        BioPair pair = BioPair.create(16, 16);
        pair.first().write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        pair.first().shutdownOutput();
        ByteBuffer dst = ByteBuffer.allocate(2);
        assertEquals(2, pair.second().read(dst));
        dst.clear();
        assertEquals(1, pair.second().read(dst));
        dst.clear();
        assertEquals(-1, pair.second().read(dst));
        assertEquals(-1, pair.second().read(dst), "end of stream is sticky");
        // Half-close: the other direction still works.
        assertEquals(1, pair.second().write(ByteBuffer.wrap(new byte[] {9})));
        dst.clear();
        assertEquals(1, pair.first().read(dst));
        assertThrows(IOException.class, () -> pair.first().write(ByteBuffer.wrap(new byte[] {1})));
    }

    @Test
    void B2_closeGivesPeerEofAndBrokenPipe() throws IOException {
        BioPair pair = BioPair.create(16, 16);
        pair.first().write(ByteBuffer.wrap(new byte[] {4, 5}));
        pair.first().close();
        ByteBuffer dst = ByteBuffer.allocate(8);
        assertEquals(2, pair.second().read(dst), "bytes written before close still arrive");
        assertEquals(-1, pair.second().read(dst));
        IOException pipe = assertThrows(IOException.class, () -> pair.second().write(ByteBuffer.wrap(new byte[] {1})));
        assertEquals("Broken pipe: the other end of the BIO pair is closed", pipe.getMessage());
        assertThrows(IOException.class, () -> pair.first().read(ByteBuffer.allocate(1)));
    }

    @Test
    void B2_wrapsAroundTheRingWithoutLoss() throws IOException {
        BioPair pair = BioPair.create(7, 7);
        SeededStream stream = new SeededStream(5);
        StreamVerifier verifier = new StreamVerifier(5);
        ByteBuffer src = ByteBuffer.allocate(5);
        ByteBuffer dst = ByteBuffer.allocate(3);
        long total = 0;
        for (int round = 0; round < 1000; round++) {
            src.clear();
            stream.fill(src);
            src.flip();
            while (src.hasRemaining()) {
                pair.first().write(src);
                dst.clear();
                pair.second().read(dst);
                dst.flip();
                verifier.accept(dst);
            }
            total += 5;
        }
        drain(pair.second(), verifier, 3);
        verifier.assertComplete(total);
    }

    static void transfer(Bio from, Bio to, long seed, long total, int writeSize, int readSize) throws IOException {
        SeededStream stream = new SeededStream(seed);
        StreamVerifier verifier = new StreamVerifier(seed);
        ByteBuffer src = ByteBuffer.allocate(writeSize);
        src.flip();
        while (stream.position() < total || src.hasRemaining()) {
            if (!src.hasRemaining()) {
                src.clear();
                stream.fill(src, (int) Math.min(writeSize, total - stream.position()));
                src.flip();
            }
            from.write(src);
            drain(to, verifier, readSize);
        }
        drain(to, verifier, readSize);
        verifier.assertComplete(total);
    }

    /** Reads until two calls in a row return nothing (one refusal of a FlakyBio is not the end). */
    static void drain(Bio from, StreamVerifier verifier, int readSize) throws IOException {
        ByteBuffer dst = ByteBuffer.allocate(readSize);
        int idle = 0;
        while (idle < 2) {
            idle = from.read(dst) > 0 ? 0 : idle + 1;
            dst.flip();
            verifier.accept(dst);
            dst.clear();
        }
    }
}
