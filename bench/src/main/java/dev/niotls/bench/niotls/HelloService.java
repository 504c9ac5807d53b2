package dev.niotls.bench.niotls;

import dev.niotls.bench.common.HelloHttp;
import dev.niotls.bench.common.HttpRequestScanner;
import java.nio.ByteBuffer;

/**
 * The HTTPS hello service: one "Hello, World!" per request, the responses to pipelined requests of one read
 * batch sent as one buffer (one TLS record), and {@code Connection: close} honoured after the response.
 */
final class HelloService implements SessionHandler {
    private final HttpRequestScanner scanner = new HttpRequestScanner();

    @Override
    public void received(Session session, ByteBuffer data) {
        int responses = 0;
        boolean close = false;
        while (!close) {
            HttpRequestScanner.Result result = scanner.next(data);
            if (result == HttpRequestScanner.Result.NEED_MORE) {
                break;
            }
            responses++;
            close = result == HttpRequestScanner.Result.REQUEST_CLOSE;
        }
        if (responses == 0) {
            return;
        }
        ByteBuffer out = ByteBuffer.allocate(responses * HelloHttp.KEEP_ALIVE.length + HelloHttp.CLOSE.length);
        for (int i = 0; i < responses - 1; i++) {
            out.put(HelloHttp.KEEP_ALIVE);
        }
        out.put(close ? HelloHttp.CLOSE : HelloHttp.KEEP_ALIVE).flip();
        session.send(out);
        if (close) {
            session.closeWhenFlushed();
        }
    }
}
