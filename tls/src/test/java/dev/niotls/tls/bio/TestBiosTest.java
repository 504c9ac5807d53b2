package dev.niotls.tls.bio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.testing.ChunkingBio;
import dev.niotls.tls.testing.FlakyBio;
import dev.niotls.tls.testing.SeededStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SPEC B3: the test BIOs themselves behave as advertised (refuse every other call, move N bytes). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TestBiosTest {

    @Test
    void B3_flakyBioRefusesEveryOtherCallPerDirection() throws IOException {
        BioPair pair = BioPair.create(64, 64);
        FlakyBio flaky = new FlakyBio(pair.first());
        ByteBuffer src = ByteBuffer.wrap(new byte[] {1, 2, 3, 4});
        assertEquals(0, flaky.write(src));
        assertEquals(4, src.remaining(), "a refused write leaves the buffer alone");
        assertEquals(4, flaky.write(src));
        src.rewind();
        assertEquals(0, flaky.write(src));
        assertEquals(4, flaky.write(src));
        pair.second().write(ByteBuffer.wrap(new byte[] {7, 8}));
        ByteBuffer dst = ByteBuffer.allocate(8);
        assertEquals(0, flaky.read(dst));
        assertEquals(2, flaky.read(dst));
        assertEquals(2, flaky.refusedWrites());
        assertEquals(1, flaky.refusedReads());
        assertFalse(flaky.isBlocking());
    }

    @ParameterizedTest(name = "chunk {0}")
    @ValueSource(ints = {1, 7, 100})
    void B3_chunkingBioMovesAtMostNBytesAndRestoresLimits(int chunk) throws IOException {
        BioPair pair = BioPair.create(1024, 1024);
        ChunkingBio chunking = new ChunkingBio(pair.first(), chunk);
        ByteBuffer src = ByteBuffer.allocate(300);
        new SeededStream(8).fill(src);
        src.flip();
        assertEquals(Math.min(chunk, 300), chunking.write(src));
        assertEquals(300, src.limit());
        pair.second().write(ByteBuffer.allocate(500));
        ByteBuffer dst = ByteBuffer.allocate(400);
        assertEquals(Math.min(chunk, 400), chunking.read(dst));
        assertEquals(400, dst.limit());
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 7, 256})
    void B3_seededStreamCrossesFlakyOneByteBiosIntact(int capacity) throws IOException {
        BioPair pair = BioPair.create(capacity, capacity);
        FlakyBio writer = new FlakyBio(ChunkingBio.oneByte(pair.first()));
        FlakyBio reader = new FlakyBio(pair.second());
        BioPairTest.transfer(writer, reader, 41, 20_000, 500, 64);
        assertTrue(writer.refusedWrites() > 0);
        assertTrue(reader.refusedReads() > 0);
    }
}
