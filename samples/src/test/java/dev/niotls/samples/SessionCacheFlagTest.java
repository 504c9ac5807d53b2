package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.tls.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --session-cache N} of the server commands (nginx's {@code ssl_session_cache}): by default an
 * {@code openssl s_client -tls1_2 -no_ticket} session is resumed by its ID on the next connection; with
 * {@code --session-cache 0} the server keeps none and says so with an empty session ID.
 */
@Tag("interop")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionCacheFlagTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path directory;

    @Test
    void theDefaultCacheResumesBySessionId() throws Exception {
        try (ReactorServer server = start()) {
            Path session = directory.resolve("session");
            String first = sClient(server, "-sess_out", session);
            assertTrue(first.contains("New, TLSv1.2"), first);
            String second = sClient(server, "-sess_in", session);
            assertTrue(second.contains("Reused, TLSv1.2"), second);
        }
    }

    @Test
    void sessionCacheZeroKeepsNoSession() throws Exception {
        try (ReactorServer server = start("--session-cache", "0")) {
            Path session = directory.resolve("session");
            String first = sClient(server, "-sess_out", session);
            assertTrue(first.contains("New, TLSv1.2"), first);
            assertTrue(Pattern.compile("(?m)^\\s*Session-ID: *$").matcher(first).find(),
                    "RFC 5246 7.4.1.3: an empty session ID, the session will not be resumed: " + first);
            assertFalse(Files.exists(session), "s_client saves no session it cannot resume");
        }
    }

    @Test
    void aNegativeSizeIsAUsageError() {
        UsageException error = assertThrows(UsageException.class,
                () -> Options.parse("https-server", "--session-cache", "-1").count(Command.Flag.SESSION_CACHE));
        assertTrue(error.getMessage().contains("--session-cache"), error.getMessage());
    }

    /** An https-server on a free port, started with {@code flags}. */
    private static ReactorServer start(String... flags) throws Exception {
        String[] arguments = Stream.concat(Stream.of("https-server", "--port", "0"), Stream.of(flags))
                .toArray(String[]::new);
        return ServerCommands.startHttps(Options.parse(arguments));
    }

    private String sClient(ReactorServer server, String sessionFlag, Path session) throws Exception {
        ChildProcess client = ChildProcess.run(directory, LIMIT, "openssl", "s_client", "-connect",
                "127.0.0.1:" + server.address(0).getPort(), "-servername", "localhost", "-tls1_2", "-no_ticket", sessionFlag,
                session.toString());
        assertEquals(0, client.awaitExit(LIMIT), client.describe());
        return client.stdout().text();
    }
}
