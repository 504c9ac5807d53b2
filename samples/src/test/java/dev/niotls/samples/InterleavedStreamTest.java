package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The checker of s_server's output finds the stream between s_server's own lines, and only there. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class InterleavedStreamTest {
    private static final long SEED = 5;
    private static final int LENGTH = 300_000;

    @TempDir
    Path directory;

    private static byte[] stream(int from, int to) {
        ByteBuffer bytes = ByteBuffer.allocate(to - from);
        SeededBytes.fill(SEED, from, bytes);
        return bytes.array();
    }

    /** The first offset after {@code from} where the stream has the byte {@code value}. */
    private static int offsetOf(byte value, int from) {
        for (int offset = from; ; offset++) {
            if (SeededBytes.byteAt(SEED, offset) == value) {
                return offset;
            }
        }
    }

    private Path output(int cut, String line, int secondCut, String secondLine) throws Exception {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        output.writeBytes("ACCEPT\nCIPHER is X\n".getBytes(StandardCharsets.US_ASCII));
        output.writeBytes(stream(0, cut));
        output.writeBytes(line.getBytes(StandardCharsets.US_ASCII));
        output.writeBytes(stream(cut, secondCut));
        output.writeBytes(secondLine.getBytes(StandardCharsets.US_ASCII));
        output.writeBytes(stream(secondCut, LENGTH));
        output.writeBytes("DONE\nshutting down SSL\n".getBytes(StandardCharsets.US_ASCII));
        Path file = Files.createTempFile(directory, "s_server-", ".out");
        Files.write(file, output.toByteArray());
        return file;
    }

    @Test
    void linesBetweenWritesAreSkippedEvenWhenTheStreamGoesOnWithTheirFirstLetter() throws Exception {
        int cut = offsetOf((byte) 'R', 70_000); // the stream's next byte is the R of "Read BLOCK"
        int secondCut = offsetOf((byte) 'S', 200_000);
        assertNull(InterleavedStream.check(output(cut, "Read BLOCK\n", secondCut, "SSL_do_handshake -> 1\n"), SEED, LENGTH));
    }

    @Test
    void anyOtherTextIsAMissingByte() throws Exception {
        String problem = InterleavedStream.check(output(1000, "hello\n", 2000, ""), SEED, LENGTH);
        assertTrue(problem != null && problem.startsWith("stream byte 1000 missing"), problem);
    }

    @Test
    void aShortStreamIsReported() throws Exception {
        Path file = Files.createTempFile(directory, "short-", ".out");
        Files.write(file, stream(0, 5000));
        assertEquals("the output ends after 5000 stream bytes of " + LENGTH, InterleavedStream.check(file, SEED, LENGTH));
    }
}
