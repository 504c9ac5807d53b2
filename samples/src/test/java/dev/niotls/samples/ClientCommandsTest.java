package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** echo-client and stream-client as a user runs them: exit 0 when every byte checked out, 1 when not. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientCommandsTest {
    @Test
    void echoClientVerifiesEveryConnection() throws Exception {
        try (ReactorServer server = ServerCommands.startEcho(Options.parse("echo-server", "--port", "0", "--loops", "2"))) {
            String port = Integer.toString(server.address(0).getPort());
            String pem = server.identity().certificatePem.toString();
            assertEquals(0, Main.run("echo-client", "--port", port, "--cacert", pem, "--connections", "5",
                    "--messages", "20", "--size", "3000", "--loops", "2"));
            assertEquals(1, Main.run("echo-client", "--port", port), "no --cacert: the certificate is not trusted");
        }
    }

    @Test
    void streamClientExitsWithOneWhenTheStreamIsNotTheOneExpected() throws Exception {
        try (ServerCommands.StreamServer streams = new ServerCommands.StreamServer(Options.parse("stream-server",
                "--port", "0", "--bytes", "1m", "--seed", "9"))) {
            String port = Integer.toString(streams.server.address(0).getPort());
            String pem = streams.server.identity().certificatePem.toString();
            assertEquals(0, Main.run("stream-client", "--port", port, "--cacert", pem, "--bytes", "1m", "--seed", "9"));
            assertEquals(1, Main.run("stream-client", "--port", port, "--cacert", pem, "--bytes", "2m", "--seed", "9"),
                    "1 MiB came where 2 MiB were expected");
            assertEquals(1, Main.run("stream-client", "--port", port, "--cacert", pem, "--bytes", "1m", "--seed", "10"),
                    "another seed, other bytes");
        }
    }

    @Test
    void uploadIsVerifiedByTheServer() throws Exception {
        try (ServerCommands.StreamServer streams = new ServerCommands.StreamServer(Options.parse("stream-server",
                "--port", "0", "--upload", "--bytes", "3m", "--tls", "1.3"))) {
            String port = Integer.toString(streams.server.address(0).getPort());
            String pem = streams.server.identity().certificatePem.toString();
            assertEquals(0, Main.run("stream-client", "--port", port, "--cacert", pem, "--upload", "--bytes", "3m",
                    "--key-update-every", "1m"));
            StreamOutcome received = streams.outcomes.poll(30, TimeUnit.SECONDS);
            assertTrue(received != null && received.ok && received.bytes == 3L << 20, String.valueOf(received));
        }
    }
}
