package dev.niotls.samples;

import dev.niotls.tls.reactor.TlsChannel;
import dev.niotls.tls.reactor.TlsHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTPS connection of {@code https-server}: answers every request with "Hello, World!",
 * keeps the connection open (HTTP/1.1 keep-alive) unless the client says {@code Connection: close},
 * and answers 400 then closes on anything it cannot parse.
 */
final class HttpHandler implements TlsHandler {
    static final String BODY = "Hello, World!\n";
    private static final ByteBuffer HELLO = response("200 OK", BODY, "");
    private static final ByteBuffer HELLO_CLOSE = response("200 OK", BODY, "Connection: close\r\n");
    private static final ByteBuffer HELLO_KEEP_ALIVE = response("200 OK", BODY, "Connection: keep-alive\r\n");
    private static final ByteBuffer BAD_REQUEST = response("400 Bad Request", "bad request\n", "Connection: close\r\n");

    private final HttpRequestParser parser = new HttpRequestParser();
    private boolean closing;

    private static ByteBuffer response(String status, String body, String extraHeaders) {
        String text = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n"
                + extraHeaders + "\r\n" + body;
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    }

    @Override
    public void onData(TlsChannel channel, ByteBuffer data) {
        if (closing) {
            return; // after Connection: close or a 400, whatever follows is ignored
        }
        parser.append(data);
        serve(channel);
    }

    @Override
    public void onWritable(TlsChannel channel) {
        channel.resumeReading();
        serve(channel); // pipelined requests may wait in the parser
    }

    /** Answers the complete requests in order, until none is left or the send queue is full. */
    private void serve(TlsChannel channel) {
        try {
            for (HttpRequestParser.Request request = parser.next(); request != null; request = parser.next()) {
                ByteBuffer answer = !request.keepAlive ? HELLO_CLOSE : request.http10 ? HELLO_KEEP_ALIVE : HELLO;
                if (request.method.equals("HEAD")) {
                    answer = headerOnly(answer);
                }
                boolean roomLeft = channel.send(answer.duplicate()); // the channel takes the buffer: never share it
                if (!request.keepAlive) {
                    closing = true;
                    channel.close(); // queued answers go out first, then close_notify
                    return;
                }
                if (!roomLeft) {
                    channel.pauseReading(); // a client pipelining faster than it reads: TCP slows it down
                    return;
                }
            }
        } catch (HttpRequestParser.BadRequest bad) {
            closing = true;
            channel.send(BAD_REQUEST.duplicate());
            channel.close();
        }
    }

    private static ByteBuffer headerOnly(ByteBuffer response) {
        ByteBuffer head = response.duplicate();
        head.limit(head.limit() - BODY.length());
        return head;
    }
}
