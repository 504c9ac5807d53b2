package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The little HTTP/1.1 of https-server: keep-alive, pipelining, bodies skipped, garbage refused. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpRequestParserTest {
    private final HttpRequestParser parser = new HttpRequestParser();

    private void feed(String text) {
        parser.append(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void pipelinedRequestsComeOutInOrderWhateverTheCuts() throws Exception {
        String requests = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                + "POST /b HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                + "\r\nGET /c HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n";
        StringBuilder seen = new StringBuilder();
        for (int index = 0; index < requests.length(); index++) { // one byte at a time: every cut
            feed(requests.substring(index, index + 1));
            for (HttpRequestParser.Request request = parser.next(); request != null; request = parser.next()) {
                seen.append(request.method).append(' ').append(request.target).append(' ').append(request.keepAlive).append(';');
            }
        }
        assertEquals("GET /a true;POST /b true;GET /c false;", seen.toString());
    }

    @Test
    void aSettledParserHoldsNoBufferAndTwoParsersShareTheThreadsArray() throws Exception {
        HttpRequestParser other = new HttpRequestParser();
        String first = "GET /first HTTP/1.1\r\nHost: x\r\n\r\n";
        String second = "GET /second HTTP/1.1\r\nHost: y\r\n\r\n";
        StringBuilder seen = new StringBuilder();
        for (int cut = 5; cut < first.length(); cut += 7) { // each parser's request arrives in two reads, interleaved
            feed(first.substring(0, cut));
            other.append(ByteBuffer.wrap(second.substring(0, cut).getBytes(StandardCharsets.ISO_8859_1)));
            assertNull(parser.next());
            parser.settle();
            assertNull(other.next());
            other.settle();
            assertTrue(parser.holdsBuffer() && other.holdsBuffer(), "an incomplete request keeps its bytes");
            feed(first.substring(cut));
            seen.append(parser.next().target);
            parser.settle();
            other.append(ByteBuffer.wrap(second.substring(cut).getBytes(StandardCharsets.ISO_8859_1)));
            seen.append(other.next().target);
            other.settle();
            assertFalse(parser.holdsBuffer() || other.holdsBuffer(), "an idle connection holds no parse buffer");
        }
        assertEquals("/first/second".repeat(4), seen.toString());
    }

    @Test
    void aParserThatDoesNotSettleDoesNotLendTheThreadsArrayTwice() throws Exception {
        HttpRequestParser other = new HttpRequestParser();
        feed("GET /a HTTP/1.1\r\n");
        other.append(ByteBuffer.wrap("GET /b HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        assertEquals("/b", other.next().target);
        feed("\r\n");
        assertEquals("/a", parser.next().target);
    }

    @Test
    void http10PersistsOnlyWithKeepAlive() throws Exception {
        feed("GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
        HttpRequestParser.Request plain = parser.next();
        assertFalse(plain.keepAlive);
        HttpRequestParser.Request kept = parser.next();
        assertTrue(kept.keepAlive && kept.http10);
        assertNull(parser.next());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "hello\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/2.0\r\n\r\n", "GET  / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nNo colon here\r\n\r\n", "GET / HTTP/1.1\r\n folded: x\r\n\r\n",
        "GET / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n", "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\r\n\r\n"})
    void garbageIsABadRequest(String request) {
        feed(request);
        assertThrows(HttpRequestParser.BadRequest.class, parser::next, request);
    }

    @Test
    void endlessHeadIsABadRequest() throws Exception {
        feed("GET / HTTP/1.1\r\n");
        for (int index = 0; index < 1000; index++) {
            feed("X-Filler: 0123456789\r\n");
            if (index * 22 < HttpRequestParser.MAX_HEAD - 100) {
                assertNull(parser.next());
            }
        }
        assertThrows(HttpRequestParser.BadRequest.class, parser::next);
    }

    @Test
    void bareLineFeedsEndLinesAndTheHeadRfc9112Section2_2() throws Exception {
        feed("\nGET /a HTTP/1.1\nHost: x\n\nGET /b HTTP/1.1\r\nHost: x\n\r\nGET /c HTTP/1.0\n\n");
        assertEquals("/a", parser.next().target);
        assertEquals("/b", parser.next().target);
        HttpRequestParser.Request last = parser.next();
        assertEquals("/c", last.target);
        assertFalse(last.keepAlive);
        assertNull(parser.next());
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello\n", "GET /\r\n", "GET / HTTP/9\n", "GET / HTTP/1.1\nbad header\n",
        "\u0016\u0003\u0001\u0002\u0000", "GET / HTTP/1.1\rHost: x", "G\u0000"})
    void malformedIsABadRequestBeforeTheHeadEnds(String start) {
        feed(start); // no empty line: a parser that waits for one would wait forever
        assertThrows(HttpRequestParser.BadRequest.class, parser::next, start);
    }

    @Test
    void aRequestLineStillArrivingWaits() throws Exception {
        feed("GE");
        assertNull(parser.next());
        feed("T / HTTP/1.1\r");
        assertNull(parser.next());
        feed("\nHost: x\r\n\r\n");
        assertEquals("GET", parser.next().method);
    }
}
