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

/** OpenSSL's {@code BIO_s_mem}: unbounded, would-block when empty until EOF is marked. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemoryBioTest {

    @Test
    void emptyReadWouldBlockUntilEofIsMarked() throws IOException {
        MemoryBio bio = new MemoryBio(4);
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertEquals(0, bio.read(dst));
        bio.write(new byte[] {1, 2});
        bio.markEof();
        assertEquals(2, bio.read(dst));
        assertEquals(-1, bio.read(dst));
        assertThrows(IOException.class, () -> bio.write(new byte[] {3}));
    }

    @Test
    void growsWithoutBoundAndKeepsOrder() throws IOException {
        MemoryBio bio = new MemoryBio(1);
        SeededStream stream = new SeededStream(3);
        StreamVerifier verifier = new StreamVerifier(3);
        ByteBuffer chunk = ByteBuffer.allocate(1000);
        for (int i = 0; i < 300; i++) {
            chunk.clear();
            stream.fill(chunk);
            chunk.flip();
            assertEquals(1000, bio.write(chunk), "a memory BIO takes every byte");
        }
        assertEquals(300_000, bio.readable());
        ByteBuffer dst = ByteBuffer.allocate(4097);
        // Interleave reads and writes so the buffer compacts as well as grows.
        for (int i = 0; i < 100; i++) {
            dst.clear();
            bio.read(dst);
            dst.flip();
            verifier.accept(dst);
            chunk.clear();
            stream.fill(chunk);
            chunk.flip();
            bio.write(chunk);
        }
        BioPairTest.drain(bio, verifier, 555);
        verifier.assertComplete(400_000);
        assertEquals(0, bio.readable());
    }

    @Test
    void closedBioRefusesIo() {
        MemoryBio bio = new MemoryBio();
        bio.close();
        assertThrows(IOException.class, () -> bio.read(ByteBuffer.allocate(1)));
        assertThrows(IOException.class, () -> bio.write(new byte[] {1}));
    }
}
