package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** GET /bytes/N and the 400s of the HTTP conversation, over a transport that records what it is given. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpConversationTest {
    /** Takes buffers up to a bound of queued bytes, then says "full" until {@link #drain()}. */
    private static final class RecordingTransport implements HttpConversation.Transport {
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        int queued;
        boolean paused;
        boolean closed;

        @Override
        public boolean send(ByteBuffer data) {
            assertFalse(closed, "send after close");
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            sent.write(bytes, 0, bytes.length);
            queued += bytes.length;
            return queued < 256 * 1024;
        }

        void drain() {
            queued = 0;
        }

        @Override
        public void pauseReading() {
            paused = true;
        }

        @Override
        public void resumeReading() {
            paused = false;
        }

        @Override
        public void close() {
            closed = true;
        }

        String text() {
            return sent.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private final RecordingTransport transport = new RecordingTransport();
    private final HttpConversation conversation = new HttpConversation(transport, HttpConversation.newBlock(false));

    private void receive(String text) {
        conversation.received(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void bytesPathSendsExactlyNBytesInBlocksWaitingForRoom() {
        long length = 3 * HttpConversation.BLOCK_SIZE * 4 + 123; // several times the send queue's bound
        receive("GET /bytes/" + length + " HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n");
        int rounds = 0;
        while (transport.paused) {
            assertTrue(++rounds < 100, "never finished");
            transport.drain();
            conversation.writable();
        }
        String text = transport.text();
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + length + "\r\n\r\n";
        assertTrue(text.startsWith(head), text.substring(0, 120));
        String hello = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nHello, World!\n";
        assertEquals(head.length() + length + hello.length(), text.length());
        assertTrue(text.endsWith(hello), "the pipelined request is answered after the body");
        assertEquals('a', text.charAt(head.length()));
        assertTrue(rounds > 1, "the body should have waited for room at least once");
        assertFalse(transport.closed);
    }

    @Test
    void bytesPathWithConnectionCloseClosesAfterTheBody() {
        receive("GET /bytes/10 HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertTrue(transport.text().endsWith("\r\n\r\nabcdefghij"), transport.text());
        assertTrue(transport.text().contains("Connection: close\r\n"), transport.text());
        assertTrue(transport.closed);
    }

    @Test
    void headOfBytesPathHasNoBody() {
        receive("HEAD /bytes/1000 HTTP/1.1\r\n\r\n");
        assertTrue(transport.text().endsWith("Content-Length: 1000\r\n\r\n"), transport.text());
    }

    @Test
    void bytesBeyondTheCapAreA400SayingTheCap() {
        receive("GET /bytes/" + (HttpConversation.MAX_BYTES + 1) + " HTTP/1.1\r\n\r\n");
        assertTrue(transport.text().startsWith("HTTP/1.1 400 Bad Request\r\n"), transport.text());
        assertTrue(transport.text().contains("N from 0 to " + HttpConversation.MAX_BYTES), transport.text());
        assertTrue(transport.closed);
    }

    @Test
    void bytesPathWithoutANumberIsA400() {
        for (String target : new String[] {"/bytes/", "/bytes/12k", "/bytes/-1", "/bytes/99999999999999999999"}) {
            RecordingTransport own = new RecordingTransport();
            new HttpConversation(own, HttpConversation.newBlock(false))
                    .received(ByteBuffer.wrap(("GET " + target + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
            assertTrue(own.text().startsWith("HTTP/1.1 400 Bad Request\r\n") && own.closed, target + ": " + own.text());
        }
    }

    @Test
    void garbageWithoutAnEmptyLineGetsA400AtOnce() {
        receive("hello there\n");
        assertTrue(transport.text().startsWith("HTTP/1.1 400 Bad Request\r\n"), transport.text());
        assertTrue(transport.closed);
        receive("GET / HTTP/1.1\r\n\r\n"); // ignored after the 400
        assertEquals(1, transport.text().split("HTTP/1.1 ", -1).length - 1);
    }
}
