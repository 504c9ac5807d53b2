package dev.niotls.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ResponseCounterTest {
    private static final String RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\ncontent-LENGTH: 13\r\n"
            + "Connection: keep-alive\r\n\r\nHello, World!";

    @Test
    void httpResponsesAreCountedWhateverTheSplit() {
        byte[] stream = RESPONSE.repeat(50).getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(42);
        ResponseCounter counter = ResponseCounter.http();
        int counted = 0;
        for (int offset = 0; offset < stream.length; ) {
            int length = Math.min(1 + random.nextInt(40), stream.length - offset);
            counted += counter.consume(ByteBuffer.wrap(stream, offset, length));
            offset += length;
        }
        assertEquals(50, counted);
    }

    @Test
    void echoResponsesAreCountedByTheirSize() {
        ResponseCounter counter = ResponseCounter.echo(64);
        assertEquals(0, counter.consume(ByteBuffer.allocate(63)));
        assertEquals(1, counter.consume(ByteBuffer.allocate(1)));
        assertEquals(3, counter.consume(ByteBuffer.allocate(64 * 3 + 10)));
        assertEquals(1, counter.consume(ByteBuffer.allocate(54)));
    }
}
