package dev.niotls.samples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Just enough HTTP/1.1 (RFC 9112) for curl, wrk and ab: request line and header fields up to the
 * empty line, a Content-Length body skipped, requests pipelined back to back. Anything else is a bad
 * request. Bytes are appended as they come; {@link #next()} returns each complete request in order.
 */
final class HttpRequestParser {
    /** Longest request head accepted (request line and fields); a longer one is refused. */
    static final int MAX_HEAD = 8 * 1024;
    private static final byte[] END_OF_HEAD = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

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

    private byte[] bytes = new byte[1024];
    private int start;
    private int end;
    /** Body bytes of the last request still to skip. */
    private long bodyToSkip;

    /** Appends received bytes (consumes {@code data}). */
    void append(ByteBuffer data) {
        int count = data.remaining();
        if (end + count > bytes.length) {
            System.arraycopy(bytes, start, bytes, 0, end - start);
            end -= start;
            start = 0;
            if (end + count > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, end + count));
            }
        }
        data.get(bytes, end, count);
        end += count;
    }

    /** The next complete request, or null until more bytes come. */
    Request next() throws BadRequest {
        skipBody();
        if (bodyToSkip > 0) {
            return null;
        }
        skipEmptyLines(); // RFC 9112 section 2.2: ignore CRLFs before a request line
        int headEnd = indexOfEndOfHead();
        if (headEnd < 0) {
            if (end - start > MAX_HEAD) {
                throw new BadRequest("request head longer than " + MAX_HEAD + " bytes");
            }
            return null;
        }
        String head = new String(bytes, start, headEnd - start, StandardCharsets.ISO_8859_1);
        start = headEnd + END_OF_HEAD.length;
        return parseHead(head);
    }

    private Request parseHead(String head) throws BadRequest {
        String[] lines = head.split("\r\n", -1);
        String[] requestLine = lines[0].split(" ", -1);
        if (requestLine.length != 3 || !isToken(requestLine[0]) || requestLine[1].isEmpty()) {
            throw new BadRequest("malformed request line");
        }
        String version = requestLine[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new BadRequest("unsupported version " + version);
        }
        boolean http10 = version.equals("HTTP/1.0");
        boolean close = false;
        boolean keepAlive = false;
        long contentLength = 0;
        for (int index = 1; index < lines.length; index++) {
            int colon = lines[index].indexOf(':');
            if (colon <= 0 || !isToken(lines[index].substring(0, colon))) {
                throw new BadRequest("malformed header field"); // also obs-fold and "name : value"
            }
            String name = lines[index].substring(0, colon).toLowerCase(Locale.ROOT);
            String value = lines[index].substring(colon + 1).trim();
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
        while (end - start >= 2 && bytes[start] == '\r' && bytes[start + 1] == '\n') {
            start += 2;
        }
    }

    private int indexOfEndOfHead() {
        for (int index = start; index + END_OF_HEAD.length <= end; index++) {
            if (bytes[index] == '\r' && bytes[index + 1] == '\n' && bytes[index + 2] == '\r' && bytes[index + 3] == '\n') {
                return index;
            }
        }
        return -1;
    }

    /** RFC 9110 section 5.6.2 token: visible characters except delimiters. */
    private static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int index = 0; index < text.length(); index++) {
            char c = text.charAt(index);
            if (c <= 32 || c >= 127 || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }
}
