package dev.niotls.samples;

import dev.niotls.tls.TlsContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The reference retry loop as an echo server: niotls clients, and openssl s_client renegotiating or updating keys. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RetryLoopTest {
    @TempDir
    Path directory;

    @ParameterizedTest
    @ValueSource(strings = {"1.2", "1.3"})
    void W3_echoesSeededStreamsOfConcurrentClientsOnTwoLoops(String tls) throws Exception {
        try (RetryLoopCommand server = new RetryLoopCommand(Options.parse("retry-loop", "--port", "0", "--tls", tls,
                "--loops", "2"))) {
            TlsContext client = JavaClient.context(server.identity().certificatePem, "TLSv" + tls);
            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int index = 0; index < 4; index++) {
                    long seed = 100 + index;
                    int chunk = 1000 + 7919 * index; // odd sizes: records of every length
                    done.add(clients.submit(() -> {
                        JavaClient.echo(client, server.address().getPort(), seed, 2 << 20, chunk);
                        return null;
                    }));
                }
                for (Future<?> each : done) {
                    each.get();
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    @Tag("interop")
    void H3_opensslClientRenegotiatesInTheMiddleOf64MiB() throws Exception {
        try (RetryLoopCommand server = new RetryLoopCommand(Options.parse("retry-loop", "--port", "0", "--tls", "1.2",
                "--allow-client-renegotiation"))) {
            OpenSslClients.echo(directory, server.address().getPort(), server.identity().certificatePem, "1.2",
                    7, 64L << 20, "R");
        }
    }

    @Test
    @Tag("interop")
    void H4_opensslClientUpdatesKeysInTheMiddleOf64MiB() throws Exception {
        try (RetryLoopCommand server = new RetryLoopCommand(Options.parse("retry-loop", "--port", "0", "--tls", "1.3"))) {
            OpenSslClients.echo(directory, server.address().getPort(), server.identity().certificatePem, "1.3",
                    8, 64L << 20, "K", "k");
        }
    }
}
