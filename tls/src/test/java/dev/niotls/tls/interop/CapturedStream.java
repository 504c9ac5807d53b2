package dev.niotls.tls.interop;

import dev.niotls.tls.testing.ChildProcess;
import dev.niotls.tls.testing.SeededStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Finds a {@link SeededStream} that niotls sent inside what an openssl process wrote on its stdout, and
 * checks it byte for byte and by SHA-256.
 *
 * <p>{@code s_server} and {@code s_client} write the received data raw to stdout, after their connection
 * report, and interleave a few status lines: {@code printf("SSL_do_handshake -> %d")} after an
 * {@code r}/{@code k} command, "read R BLOCK" and friends when {@code SSL_read} returns WANT_READ (both
 * programs clear {@code SSL_MODE_AUTO_RETRY}). Those lines are flushed between two data chunks, never
 * inside one, so they are skipped where they appear whole; anything else is a mismatch.
 */
final class CapturedStream {
    /** Status lines s_server/s_client print on stdout between data chunks (apps/s_server.c, s_client.c). */
    private static final List<byte[]> STATUS_LINES = List.of(
            ascii("SSL_do_handshake -> 1\n"), ascii("SSL_do_handshake -> 0\n"), ascii("SSL_do_handshake -> -1\n"),
            ascii("read R BLOCK\n"), ascii("read W BLOCK\n"), ascii("read X BLOCK\n"),
            ascii("write R BLOCK\n"), ascii("write W BLOCK\n"), ascii("write X BLOCK\n"),
            ascii("Read BLOCK\n"), ascii("Write BLOCK\n"),
            ascii("LOOKUP renego during read\n"), ascii("LOOKUP renego during write\n"));

    /** The outcome of one look at the captured output. */
    enum Result {
        COMPLETE, INCOMPLETE, MISMATCH
    }

    private final long seed;
    private final long length;
    private String problem = "not looked at yet";

    CapturedStream(long seed, long length) {
        this.seed = seed;
        this.length = length;
    }

    /** Looks for the whole stream in {@code captured}. */
    Result check(byte[] captured) {
        int start = indexOf(captured, head());
        if (start < 0) {
            problem = "the start of stream " + seed + " is not in the output";
            return Result.INCOMPLETE;
        }
        MessageDigest sha = TextStream.sha256();
        byte[] one = new byte[1];
        int index = start;
        for (long offset = 0; offset < length; ) {
            if (index >= captured.length) {
                problem = "only " + offset + " of " + length + " bytes of stream " + seed + " arrived";
                return Result.INCOMPLETE;
            }
            int skip = statusLineAt(captured, index);
            if (skip > 0) {
                index += skip;
                continue;
            }
            byte expected = SeededStream.byteAt(seed, offset);
            if (captured[index] != expected) {
                problem = "stream " + seed + ": mismatch at offset " + offset + " (output index " + index + ")";
                return Result.MISMATCH;
            }
            one[0] = expected;
            sha.update(one);
            index++;
            offset++;
        }
        byte[] expected = SeededStream.digest(seed, length);
        byte[] got = sha.digest();
        if (!Arrays.equals(expected, got)) {
            problem = "SHA-256 " + HexFormat.of().formatHex(got) + " != " + HexFormat.of().formatHex(expected);
            return Result.MISMATCH;
        }
        problem = null;
        return Result.COMPLETE;
    }

    /** Waits until the output holds the whole stream; fails on a mismatch or at the deadline. */
    void awaitIn(ChildProcess process, long deadlineNanos) {
        Result[] last = {Result.INCOMPLETE};
        int[] checkedLength = {-1};
        process.stdout().awaitCondition(() -> {
            int available = process.stdout().length();
            if (available < length || available == checkedLength[0]) {
                return false;
            }
            checkedLength[0] = available;
            last[0] = check(process.stdout().bytes());
            return last[0] != Result.INCOMPLETE;
        }, deadlineNanos);
        if (last[0] != Result.COMPLETE) {
            last[0] = check(process.stdout().bytes());
        }
        if (last[0] != Result.COMPLETE) {
            throw new AssertionError(problem + "\n" + process.describe());
        }
    }

    /** The first bytes of the stream, to find where it starts. */
    private byte[] head() {
        byte[] head = new byte[(int) Math.min(64, length)];
        for (int i = 0; i < head.length; i++) {
            head[i] = SeededStream.byteAt(seed, i);
        }
        return head;
    }

    private static int statusLineAt(byte[] captured, int index) {
        for (byte[] line : STATUS_LINES) {
            if (captured[index] == line[0] && index + line.length <= captured.length
                    && Arrays.equals(captured, index, index + line.length, line, 0, line.length)) {
                return line.length;
            }
        }
        return 0;
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
