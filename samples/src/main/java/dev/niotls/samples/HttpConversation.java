package dev.niotls.samples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 side of one connection of {@code https-server} and {@code plain-server}, whatever carries
 * it: "Hello, World!" for every request, {@code GET /bytes/N} for N bytes of one preallocated block (the
 * bulk benchmark's download, reproducible with {@code curl -o /dev/null}), keep-alive unless the client
 * says {@code Connection: close}, and 400 then close on anything it cannot parse.
 *
 * <p>States: reading requests; sending a body ({@code bodyLeft > 0}, a block at a time while the
 * transport takes them, resumed by {@link #serve()} from the transport's writable callback); closing
 * (after {@code Connection: close} or a 400, whatever else arrives is ignored).
 */
final class HttpConversation {
    static final String BODY = "Hello, World!\n";
    /** Largest N of {@code /bytes/N}: 64 GiB, more than any benchmark sends, less than a mistyped digit asks. */
    static final long MAX_BYTES = 64L << 30;
    /** The block every {@code /bytes/N} body is cut from: 64 KiB, a quarter of the default send queue bound. */
    static final int BLOCK_SIZE = 64 * 1024;
    private static final String BYTES_PATH = "/bytes/";
    private static final ByteBuffer HELLO = response("200 OK", BODY, "");
    private static final ByteBuffer HELLO_CLOSE = response("200 OK", BODY, "Connection: close\r\n");
    private static final ByteBuffer HELLO_KEEP_ALIVE = response("200 OK", BODY, "Connection: keep-alive\r\n");
    private static final ByteBuffer BAD_REQUEST = response("400 Bad Request", "bad request\n", "Connection: close\r\n");
    private static final ByteBuffer BAD_BYTES = response("400 Bad Request",
            "GET /bytes/N takes N from 0 to " + MAX_BYTES + "\n", "Connection: close\r\n");

    /** Where the conversation's bytes go: a TLS channel or a plain socket. */
    interface Transport {
        /** Queues {@code data} (taken, never shared); false once the send queue is full: wait for {@link #serve()}. */
        boolean send(ByteBuffer data);

        void pauseReading();

        void resumeReading();

        /** Sends what is queued, then closes. */
        void close();
    }

    private final Transport transport;
    private final ByteBuffer block;
    private final HttpRequestParser parser = new HttpRequestParser();
    private long bodyLeft;
    private boolean closeAfterBody;
    private boolean closing;

    /** @param block the shared, read-only block of the {@code /bytes/N} bodies ({@link #newBlock}) */
    HttpConversation(Transport transport, ByteBuffer block) {
        this.transport = transport;
        this.block = block;
    }

    /** A read-only block of {@link #BLOCK_SIZE} pattern bytes, heap or direct, to share between connections. */
    static ByteBuffer newBlock(boolean direct) {
        ByteBuffer block = direct ? ByteBuffer.allocateDirect(BLOCK_SIZE) : ByteBuffer.allocate(BLOCK_SIZE);
        for (int index = 0; index < BLOCK_SIZE; index++) {
            block.put((byte) ('a' + index % 26));
        }
        return block.flip().asReadOnlyBuffer();
    }

    private static ByteBuffer response(String status, String body, String extraHeaders) {
        return ByteBuffer.wrap((head(status, "text/plain", body.length(), extraHeaders) + body)
                .getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }

    private static String head(String status, String type, long length, String extraHeaders) {
        return "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + length + "\r\n"
                + extraHeaders + "\r\n";
    }

    /** Bytes received (consumed): answers the requests they complete. */
    void received(ByteBuffer data) {
        if (closing) {
            return; // after Connection: close or a 400, whatever follows is ignored
        }
        parser.append(data);
        serve();
    }

    /** The transport has room again: goes on with the body being sent, then with pipelined requests. */
    void writable() {
        if (!closing) {
            transport.resumeReading();
        }
        serve();
    }

    /** Sends the body in progress, then answers the complete requests in order, until the send queue is full. */
    private void serve() {
        try {
            answerRequests();
        } finally {
            parser.settle(); // an idle connection keeps no parse buffer (issue 10: memory per idle connection)
        }
    }

    private void answerRequests() {
        if (!sendBody()) {
            return;
        }
        if (closing) {
            return;
        }
        try {
            for (HttpRequestParser.Request request = parser.next(); request != null; request = parser.next()) {
                if (!answer(request)) {
                    return;
                }
            }
        } catch (HttpRequestParser.BadRequest bad) {
            refuse(BAD_REQUEST);
        }
    }

    /** Answers one request; false when the conversation must wait (queue full, or closing). */
    private boolean answer(HttpRequestParser.Request request) {
        boolean head = request.method.equals("HEAD");
        if (request.target.startsWith(BYTES_PATH)) {
            long length = bytesLength(request.target.substring(BYTES_PATH.length()));
            if (length < 0) {
                refuse(BAD_BYTES);
                return false;
            }
            String connection = !request.keepAlive ? "Connection: close\r\n" : request.http10 ? "Connection: keep-alive\r\n" : "";
            transport.send(ByteBuffer.wrap(head("200 OK", "application/octet-stream", length, connection)
                    .getBytes(StandardCharsets.US_ASCII)));
            bodyLeft = head ? 0 : length;
            closeAfterBody = !request.keepAlive;
            return sendBody();
        }
        ByteBuffer answer = !request.keepAlive ? HELLO_CLOSE : request.http10 ? HELLO_KEEP_ALIVE : HELLO;
        if (head) {
            answer = answer.duplicate();
            answer.limit(answer.limit() - BODY.length());
        }
        boolean roomLeft = transport.send(answer.duplicate()); // the transport takes the buffer: never share it
        if (!request.keepAlive) {
            closing = true;
            transport.close(); // queued answers go out first
            return false;
        }
        if (!roomLeft) {
            transport.pauseReading(); // a client pipelining faster than it reads: TCP slows it down
            return false;
        }
        return true;
    }

    /** Sends blocks of the body until it is done (true) or the send queue is full (false: wait for writable). */
    private boolean sendBody() {
        while (bodyLeft > 0) {
            ByteBuffer slice = block.duplicate();
            slice.limit((int) Math.min(bodyLeft, slice.capacity()));
            bodyLeft -= slice.remaining();
            if (!transport.send(slice) && bodyLeft > 0) {
                transport.pauseReading(); // no new requests while this body waits for the client
                return false;
            }
        }
        if (closeAfterBody) {
            closeAfterBody = false;
            closing = true;
            transport.close();
            return false;
        }
        return true;
    }

    /** N of {@code /bytes/N}: decimal digits, at most {@link #MAX_BYTES}; -1 otherwise. */
    static long bytesLength(String digits) {
        if (digits.isEmpty() || digits.length() > 12 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        long length = Long.parseLong(digits);
        return length <= MAX_BYTES ? length : -1;
    }

    private void refuse(ByteBuffer answer) {
        closing = true;
        transport.send(answer.duplicate());
        transport.close();
    }
}
