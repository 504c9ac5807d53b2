package dev.niotls.samples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 (RFC 9112) for curl, wrk and ab: request line and header fields up to the
 * empty line (lines end in CRLF or a bare LF), a Content-Length body skipped, requests pipelined back to back. Anything else is a bad
 * request. Bytes are appended as they come; {@link #next()} returns each complete request in order.
 */
final class HttpRequestParser {
    /** Longest request head accepted (request line and fields); a longer one is refused. */
    static final int MAX_HEAD = 8 * 1024;

    /** What the server needs to know of a request. */
    static final class Request {
        final String method;
        final String target;
        final boolean keepAlive;
        final boolean http10;

        Request(String method, String target, boolean keepAlive, boolean http10) {
            this.method = method;
            this.target = target;
            this.keepAlive = keepAlive;
            this.http10 = http10;
        }
    }

    /** The request cannot be understood: answer 400 and close. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /**
     * One array per thread (a loop's thread) that a parser borrows while it parses what one read brought:
     * an idle keep-alive connection then holds no array at all. Only bytes of an incomplete request outlive
     * the read that brought them, copied into an array of their own by {@link #settle()}.
     */
    private static final class Scratch {
        byte[] array = new byte[1024];
        HttpRequestParser borrower;
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);
    private static final byte[] EMPTY = new byte[0];

    private byte[] bytes = EMPTY;
    private Scratch borrowed;
    private int start;
    private int end;
    /** Body bytes of the last request still to skip. */
    private long bodyToSkip;

    /** Appends received bytes (consumes {@code data}). */
    void append(ByteBuffer data) {
        int count = data.remaining();
        if (start == end && borrowed == null) {
            borrowScratch();
        }
        if (end + count > bytes.length) {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            start = 0;
            if (end + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, end + count));
                giveBackScratch(); // the grown copy is this parser's own
            }
        }
        data.get(bytes, end, count);
        end += count;
    }

    /**
     * Ends the parsing of what one read brought: a parser with nothing buffered holds no array; one with an
     * incomplete request keeps only those bytes, in an array of its own, and gives the thread's array back.
     * Call it once the requests that {@link #next()} could return have been taken.
     */
    void settle() {
        if (start == end) {
            bytes = EMPTY;
            start = 0;
            end = 0;
        } else if (borrowed != null) {
            bytes = Arrays.copyOfRange(bytes, start, end);
            end -= start;
            start = 0;
        }
        giveBackScratch();
    }

    /** Whether this parser holds an array of its own or the thread's (false for a settled, idle one). */
    boolean holdsBuffer() {
        return bytes.length > 0;
    }

    private void borrowScratch() {
        Scratch scratch = SCRATCH.get();
        start = 0;
        end = 0;
        if (scratch.borrower == null) {
            scratch.borrower = this;
            borrowed = scratch;
            bytes = scratch.array;
        } else if (bytes.length == 0) {
            bytes = new byte[1024]; // another parser on this thread has not settled: no sharing
        }
    }

    private void giveBackScratch() {
        if (borrowed != null) {
            borrowed.borrower = null;
            borrowed = null;
        }
    }

    /**
     * The next complete request, or null until more bytes come. A malformed request fails as soon as the
     * line that shows it is complete (or at the first byte no request head may hold), not when the head
     * ends: a client that sends garbage and waits gets its 400 at once.
     */
    Request next() throws BadRequest {
        skipBody();
        if (bodyToSkip > 0) {
            return null;
        }
        skipEmptyLines(); // RFC 9112 section 2.2: ignore empty lines before a request line
        List<String> lines = new ArrayList<>();
        int lineStart = start;
        for (int index = start; index < end; index++) {
            byte b = bytes[index];
            if (b == '\n') {
                // RFC 9112 section 2.2: a bare LF ends a line too (nginx and s_server -www accept it).
                int lineEnd = index > lineStart && bytes[index - 1] == '\r' ? index - 1 : index;
                if (lineEnd == lineStart) {
                    start = index + 1;
                    return parseHead(lines);
                }
                String line = new String(bytes, lineStart, lineEnd - lineStart, StandardCharsets.ISO_8859_1);
                if (lines.isEmpty()) {
                    requestLine(line);
                } else {
                    headerField(line);
                }
                lines.add(line);
                lineStart = index + 1;
            } else if (b == '\r' ? index + 1 < end && bytes[index + 1] != '\n' : (b < 32 && b != '\t') || b == 127) {
                // A bare CR or a control character: RFC 9112 section 2.2 lets a server reject the message.
                throw new BadRequest("control character in the request head");
            }
        }
        if (lines.isEmpty()) {
            partialRequestLine(lineStart);
        }
        if (end - start > MAX_HEAD) {
            throw new BadRequest("request head longer than " + MAX_HEAD + " bytes");
        }
        return null;
    }

    /** The method of a request line still arriving must be a token so far: "hello" waits, "\u0016..." does not. */
    private void partialRequestLine(int lineStart) throws BadRequest {
        for (int index = lineStart; index < end && bytes[index] != ' '; index++) {
            if (!isTokenChar((char) (bytes[index] & 0xff)) && bytes[index] != '\r') {
                throw new BadRequest("malformed request line");
            }
        }
    }

    private static String[] requestLine(String line) throws BadRequest {
        String[] parts = line.split(" ", -1);
        if (parts.length != 3 || !isToken(parts[0]) || parts[1].isEmpty()) {
            throw new BadRequest("malformed request line");
        }
        if (!parts[2].equals("HTTP/1.1") && !parts[2].equals("HTTP/1.0")) {
            throw new BadRequest("unsupported version " + parts[2]);
        }
        return parts;
    }

    private static int headerField(String line) throws BadRequest {
        int colon = line.indexOf(':');
        if (colon <= 0 || !isToken(line.substring(0, colon))) {
            throw new BadRequest("malformed header field"); // also obs-fold and "name : value"
        }
        return colon;
    }

    private Request parseHead(List<String> lines) throws BadRequest {
        String[] requestLine = requestLine(lines.get(0));
        boolean http10 = requestLine[2].equals("HTTP/1.0");
        boolean close = false;
        boolean keepAlive = false;
        long contentLength = 0;
        for (int index = 1; index < lines.size(); index++) {
            String line = lines.get(index);
            int colon = headerField(line);
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (name.equals("connection")) {
                for (String option : value.toLowerCase(Locale.ROOT).split(",")) {
                    close |= option.trim().equals("close");
                    keepAlive |= option.trim().equals("keep-alive");
                }
            } else if (name.equals("content-length")) {
                contentLength = contentLength(value, contentLength);
            } else if (name.equals("transfer-encoding")) {
                throw new BadRequest("request bodies with Transfer-Encoding are not supported");
            }
        }
        bodyToSkip = contentLength;
        // RFC 9112 section 9.3: HTTP/1.1 persists unless "close"; HTTP/1.0 only with "keep-alive".
        boolean persistent = !close && (!http10 || keepAlive);
        return new Request(requestLine[0], requestLine[1], persistent, http10);
    }

    private static long contentLength(String value, long previous) throws BadRequest {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequest("bad Content-Length");
        }
        long length = Long.parseLong(value);
        if (previous != 0 && previous != length) {
            throw new BadRequest("conflicting Content-Length fields"); // RFC 9112 section 6.3 (request smuggling)
        }
        return length;
    }

    private void skipBody() {
        long skipped = Math.min(bodyToSkip, end - start);
        start += (int) skipped;
        bodyToSkip -= skipped;
    }

    private void skipEmptyLines() {
        while (true) {
            if (end - start >= 1 && bytes[start] == '\n') {
                start += 1;
            } else if (end - start >= 2 && bytes[start] == '\r' && bytes[start + 1] == '\n') {
                start += 2;
            } else {
                return;
            }
        }
    }

    /** RFC 9110 section 5.6.2 token: visible characters except delimiters. */
    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int index = 0; index < text.length(); index++) {
            if (!isTokenChar(text.charAt(index))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(char c) {
        return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }
}
