package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --warm-up}: the command's server on a free loopback port under clients of this process, each conversation
 * checked (the response, the echo), then closed; the real server counts none of its connections.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerWarmUpTest {
    private static final Duration BUDGET = Duration.ofMillis(1500);

    @Test
    void httpsWarmUpTalksBothVersionsWithoutAFailure() throws Exception {
        Options options = Options.parse("https-server", "--port", "0");
        ServerWarmUp.Result result = ServerWarmUp.run(options, HttpHandler::new, ServerWarmUp::getOnce, BUDGET);
        assertEquals(0, result.failures(), result.toString());
        assertTrue(result.conversations() >= 2, "every client talked, TLS 1.3 and 1.2 in turn: " + result);
        assertTrue(result.elapsed().compareTo(BUDGET) >= 0, result.toString());
    }

    @Test
    void echoWarmUpTalksWithoutAFailure() throws Exception {
        Options options = Options.parse("echo-server", "--port", "0", "--tls", "1.2");
        ServerWarmUp.Result result = ServerWarmUp.run(options, EchoHandler::new, ServerWarmUp::echoOnce, BUDGET);
        assertEquals(0, result.failures(), result.toString());
        assertTrue(result.conversations() >= 1, result.toString());
    }

    @Test
    void theRealServerCountsNoWarmUpConnectionAndAnswers() throws Exception {
        Options options = Options.parse("https-server", "--port", "0", "--warm-up", "1s");
        try (ReactorServer server = ServerCommands.startHttps(options)) {
            assertEquals(0, server.counters().handshakesDone(), "the warm-up ran on loops of its own");
            String answer = JavaClient.exchange(JavaClient.context(server.identity().certificatePem, "TLSv1.3"),
                    server.address(0).getPort(), "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(answer.startsWith("HTTP/1.1 200 ") && answer.endsWith(HttpConversation.BODY), answer);
            Poll.until(Duration.ofSeconds(10), () -> server.counters().handshakesDone() == 1,
                    () -> "the real connection alone counted: " + server.counters().handshakesDone());
        }
    }

    /** A taken port fails the start at once: after a 10-minute warm-up, the class's timeout would fail it first. */
    @Test
    void aTakenPortFailsBeforeTheWarmUp() throws Exception {
        try (ReactorServer taken = ServerCommands.startHttps(Options.parse("https-server", "--port", "0"))) {
            int port = taken.address(0).getPort();
            IOException failure = assertThrows(IOException.class, () -> ServerCommands.startHttps(
                    Options.parse("https-server", "--port", String.valueOf(port), "--warm-up", "600s")));
            assertTrue(failure.getMessage().startsWith("cannot listen on 127.0.0.1:" + port), failure.getMessage());
        }
    }

    /** It gives up after its hundredth failure without a success, long before its budget of 5 minutes. */
    @Test
    void aWarmUpWhoseEveryConversationFailsSaysWhyWithoutSpendingItsBudget() throws Exception {
        Options options = Options.parse("https-server", "--port", "0");
        IOException failure = assertThrows(IOException.class, () -> ServerWarmUp.run(options, HttpHandler::new,
                connection -> {
                    throw new IOException("this conversation always fails");
                }, Duration.ofMinutes(5)));
        assertTrue(failure.getMessage().startsWith("warm-up: no conversation succeeded")
                && failure.getMessage().contains("this conversation always fails"), failure.getMessage());
    }
}
