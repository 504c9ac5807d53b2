package dev.niotls.samples;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a seeded stream inside {@code openssl s_server}'s stdout, where it is written next to the
 * program's own messages: its banner before, its summary after, and the line each interactive
 * command prints ({@code SSL_do_handshake -> 1}) wherever the command ran, always between two
 * writes of received data, and {@code Read BLOCK} when a read found only a handshake record. Every
 * stream byte must be there, in order, with only such lines between.
 */
final class InterleavedStream {
    /** Lines s_server prints while data flows (apps/s_server.c, sv_body). */
    private static final Pattern COMMAND_LINE = Pattern.compile(
            "\\A(SSL_do_handshake -> -?\\d+|SSL_renegotiate -> -?\\d+|Read BLOCK|Write BLOCK|LOOKUP[ -~]*|ASYNC[ -~]*)\n");

    private InterleavedStream() {
    }

    /** Null when the file holds the whole stream; else what is wrong. */
    static String check(Path file, long seed, long length) throws IOException {
        return check(Files.readAllBytes(file), seed, length);
    }

    /** Null when {@code output} holds the whole stream; else what is wrong. */
    static String check(byte[] output, long seed, long length) {
        ByteBuffer expected = ByteBuffer.allocate((int) Math.min(64, length));
        SeededBytes.fill(seed, 0, expected);
        int position = indexOf(output, expected.array());
        if (position < 0) {
            return "the stream's first bytes are not in the output";
        }
        long offset = 0;
        ByteBuffer window = ByteBuffer.allocate(64 * 1024);
        while (offset < length) {
            window.clear().limit((int) Math.min(window.capacity(), length - offset));
            SeededBytes.fill(seed, offset, window);
            window.flip();
            int wanted = window.remaining();
            int available = Math.min(wanted, output.length - position);
            int same = ByteBuffer.wrap(output, position, available).mismatch(window.slice().limit(available));
            same = same < 0 ? available : same;
            position += same;
            offset += same;
            if (same == wanted) {
                continue; // the whole window matched
            }
            if (position == output.length) {
                return "the output ends after " + offset + " stream bytes of " + length;
            }
            // A line of s_server's may begin with bytes that also happen to be the stream's next
            // bytes ("R" of "Read BLOCK"): look for its start a few bytes back too.
            int back = 0;
            int skipped = 0;
            for (; back <= Math.min(offset, 16) && skipped == 0; back++) {
                skipped = skipCommandLine(output, position - back);
            }
            if (skipped == 0) {
                return "stream byte " + offset + " missing at output offset " + position + ": "
                        + new String(output, position, Math.min(60, output.length - position), StandardCharsets.ISO_8859_1);
            }
            back--;
            position += skipped - back;
            offset -= back;
        }
        return null;
    }

    private static int skipCommandLine(byte[] output, int position) {
        String ahead = new String(output, position, Math.min(80, output.length - position), StandardCharsets.ISO_8859_1);
        Matcher line = COMMAND_LINE.matcher(ahead);
        return line.find() ? line.end() : 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int start = 0; start + needle.length <= haystack.length; start++) {
            for (int index = 0; index < needle.length; index++) {
                if (haystack[start + index] != needle[index]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }
}
