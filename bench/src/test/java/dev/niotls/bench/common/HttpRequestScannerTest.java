package dev.niotls.bench.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HttpRequestScannerTest {
    @Test
    void pipelinedRequestsSplitAnywhereAreFoundWithTheirConnectionHeader() {
        String keepAlive = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
        String close = "GET / HTTP/1.1\r\nHost: localhost\r\nCONNECTION: Close\r\n\r\n";
        byte[] stream = (keepAlive + keepAlive + close + keepAlive).getBytes(StandardCharsets.US_ASCII);
        for (int chunk = 1; chunk <= stream.length; chunk += 7) {
            HttpRequestScanner scanner = new HttpRequestScanner();
            List<HttpRequestScanner.Result> found = new ArrayList<>();
            for (int offset = 0; offset < stream.length; offset += chunk) {
                ByteBuffer data = ByteBuffer.wrap(stream, offset, Math.min(chunk, stream.length - offset));
                HttpRequestScanner.Result result;
                while ((result = scanner.next(data)) != HttpRequestScanner.Result.NEED_MORE) {
                    found.add(result);
                }
            }
            assertEquals(List.of(HttpRequestScanner.Result.REQUEST, HttpRequestScanner.Result.REQUEST,
                    HttpRequestScanner.Result.REQUEST_CLOSE, HttpRequestScanner.Result.REQUEST), found, "chunk " + chunk);
        }
    }
}
