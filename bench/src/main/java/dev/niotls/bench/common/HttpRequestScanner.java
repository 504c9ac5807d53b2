package dev.niotls.bench.common;

import java.nio.ByteBuffer;

/**
 * Finds the ends of pipelined HTTP/1.1 requests without bodies (GET) in a byte stream, and whether each
 * asked for {@code Connection: close}: just enough HTTP for wrk and curl. Bytes arrive in any split; state
 * is kept between calls. Header names are matched case-insensitively (RFC 9110 section 5.1).
 */
public final class HttpRequestScanner {
    private static final byte[] CLOSE_HEADER = "\r\nconnection: close".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** A request head longer than this is refused: the scanner is for benchmarks, not for the open Internet. */
    private static final int MAX_HEAD = 8192;

    private int endMatch;
    private int closeMatch;
    private boolean closeRequested;
    private int headLength;

    /** What {@link #next} found. */
    public enum Result { NEED_MORE, REQUEST, REQUEST_CLOSE }

    /**
     * Consumes bytes of {@code src} up to the end of the next complete request head.
     *
     * @return REQUEST or REQUEST_CLOSE when a head ended (src positioned after it), NEED_MORE when src ran out
     * @throws IllegalStateException if a request head exceeds 8 KiB
     */
    public Result next(ByteBuffer src) {
        while (src.hasRemaining()) {
            byte b = src.get();
            if (++headLength > MAX_HEAD) {
                throw new IllegalStateException("request head longer than " + MAX_HEAD + " bytes");
            }
            trackClose(b);
            endMatch = nextEndMatch(endMatch, b);
            if (endMatch == 4) {
                Result result = closeRequested ? Result.REQUEST_CLOSE : Result.REQUEST;
                endMatch = 0;
                closeMatch = 0;
                closeRequested = false;
                headLength = 0;
                return result;
            }
        }
        return Result.NEED_MORE;
    }

    private void trackClose(byte b) {
        if (closeRequested) {
            return;
        }
        byte lower = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
        if (lower == CLOSE_HEADER[closeMatch]) {
            closeMatch++;
            if (closeMatch == CLOSE_HEADER.length) {
                closeRequested = true;
            }
        } else {
            closeMatch = lower == CLOSE_HEADER[0] ? 1 : 0;
        }
    }

    /** The CR LF CR LF automaton. */
    private static int nextEndMatch(int matched, byte b) {
        if (b == '\r') {
            return matched == 2 ? 3 : 1;
        }
        if (b == '\n' && (matched == 1 || matched == 3)) {
            return matched + 1;
        }
        return 0;
    }
}
