package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.testing.ChildProcess;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** plain-server: https-server's HTTP and echo-server's echo over plain TCP on the reactor. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PlainServerTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    Path directory;

    private static String exchange(int port, String request) throws Exception {
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(4096);
            while (channel.read(in.clear()) > 0) {
                answer.write(in.array(), 0, in.position());
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void curlGetsHelloTwiceOnOneConnectionAndBytesN() throws Exception {
        try (PlainServer server = PlainServer.start(Options.parse("plain-server", "--port", "0"))) {
            String url = "http://127.0.0.1:" + server.address().getPort() + "/";
            ChildProcess hello = ChildProcess.run(directory, LIMIT, "curl", "--silent", "--show-error",
                    "--write-out", "connects=%{num_connects}\\n", url, url + "again");
            assertEquals(0, hello.awaitExit(LIMIT), hello.describe());
            assertEquals(HttpHandler.BODY + "connects=1\n" + HttpHandler.BODY + "connects=0\n", hello.stdout().text());
            Path file = directory.resolve("bytes");
            ChildProcess bytes = ChildProcess.run(directory, LIMIT, "curl", "--silent", "--show-error",
                    "--output", file.toString(), "--write-out", "%{http_code}", url + "bytes/50000000");
            assertEquals(0, bytes.awaitExit(LIMIT), bytes.describe());
            assertEquals("200", bytes.stdout().text());
            assertEquals(50_000_000, Files.size(file));
        }
    }

    @Test
    void malformedRequestGetsA400AndTheServerCloses() throws Exception {
        try (PlainServer server = PlainServer.start(Options.parse("plain-server", "--port", "0"))) {
            String answer = exchange(server.address().getPort(), "\u0016\u0003\u0001"); // a ClientHello's start
            assertTrue(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer);
            String bareLf = exchange(server.address().getPort(), "GET / HTTP/1.1\nConnection: close\n\n");
            assertTrue(bareLf.startsWith("HTTP/1.1 200 OK\r\n") && bareLf.endsWith(HttpHandler.BODY), bareLf);
        }
    }

    @Test
    void echoModeSendsEveryByteBack() throws Exception {
        try (PlainServer server = PlainServer.start(Options.parse("plain-server", "--port", "0", "--echo"));
             SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.address().getPort()))) {
            byte[] sent = new byte[3 << 20]; // more than the send queue's bound: reading pauses and resumes
            for (int index = 0; index < sent.length; index++) {
                sent[index] = (byte) (index * 31 + 7);
            }
            Thread writer = new Thread(() -> {
                try {
                    channel.write(ByteBuffer.wrap(sent));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.start();
            ByteBuffer received = ByteBuffer.allocate(sent.length);
            while (received.hasRemaining() && channel.read(received) >= 0) {
                // reading as the echo comes
            }
            writer.join();
            assertTrue(java.util.Arrays.equals(sent, received.array()), "echoed bytes differ");
        }
    }
}
