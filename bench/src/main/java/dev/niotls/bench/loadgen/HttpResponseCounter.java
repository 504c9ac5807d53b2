package dev.niotls.bench.loadgen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Finds the ends of HTTP/1.1 responses that carry a Content-Length (what every server of the bench sends):
 * the head is scanned for the header, case-insensitively (RFC 9110 section 5.1), and the body skipped.
 */
final class HttpResponseCounter implements ResponseCounter {
    private static final byte[] HEADER = "\r\ncontent-length:".getBytes(StandardCharsets.US_ASCII);

    private int headerMatch;
    private int endMatch;
    private boolean inLength;
    private long contentLength;
    private long bodyLeft = -1;

    @Override
    public int consume(ByteBuffer data) {
        int completed = 0;
        while (data.hasRemaining()) {
            if (bodyLeft >= 0) {
                int skip = (int) Math.min(bodyLeft, data.remaining());
                data.position(data.position() + skip);
                bodyLeft -= skip;
                if (bodyLeft == 0) {
                    completed++;
                    bodyLeft = -1;
                }
                continue;
            }
            head(data.get());
            if (bodyLeft == 0) {
                completed++;
                bodyLeft = -1;
            }
        }
        return completed;
    }

    private void head(byte b) {
        byte lower = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
        if (inLength) {
            if (b >= '0' && b <= '9') {
                contentLength = contentLength * 10 + (b - '0');
            } else if (b == '\r') {
                inLength = false;
            }
        } else if (lower == HEADER[headerMatch]) {
            if (++headerMatch == HEADER.length) {
                inLength = true;
                contentLength = 0;
                headerMatch = 0;
            }
        } else {
            headerMatch = lower == HEADER[0] ? 1 : 0;
        }
        endMatch = b == '\r' ? (endMatch == 2 ? 3 : 1) : (b == '\n' && (endMatch == 1 || endMatch == 3)) ? endMatch + 1 : 0;
        if (endMatch == 4) {
            endMatch = 0;
            headerMatch = 0;
            bodyLeft = contentLength;
            contentLength = 0;
        }
    }
}
