package dev.niotls.bench.common;

import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 every server of the keep-alive and handshake scenarios answers: "Hello, World!" with a
 * Content-Length, keeping the connection open unless the request said {@code Connection: close}. The same
 * bytes as nginx's {@code return 200 "Hello, World!"} up to the Server and Date headers, which nobody sends.
 */
public final class HelloHttp {
    public static final String BODY = "Hello, World!";
    public static final byte[] KEEP_ALIVE = response("keep-alive");
    public static final byte[] CLOSE = response("close");

    private HelloHttp() {
    }

    private static byte[] response(String connection) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + BODY.length()
                + "\r\nConnection: " + connection + "\r\n\r\n" + BODY).getBytes(StandardCharsets.US_ASCII);
    }
}
