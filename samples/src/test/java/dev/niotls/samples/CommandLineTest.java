package dev.niotls.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.niotls.samples.Command.Flag;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The command line: values, units, and the exit status 2 with a message for anything wrong. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandLineTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "frobnicate", "--tls 1.1", "--tls", "--port 70000", "--port x", "--loops 0", "echo-client --size 0",
        "echo-client --connections -1", "stream-client --bytes 12q", "--cert /nonexistent --key /nonexistent",
        "--cert pom.xml", "https-server --bytes 1m", "retry-loop --upload", "echo-server --handshake-timeout 0s",
        "--wat", "--port 65535"})
    void badArgumentsExitWithStatus2(String line) {
        assertEquals(2, Main.run(line.split(" ")), line);
    }

    @Test
    void helpListsEveryCommandAndExitsWith0() {
        assertEquals(0, Main.run("--help"));
        String usage = Main.usage();
        for (Command command : Command.values()) {
            assertTrue(command == Command.DEMO || usage.contains(command.name), command.name);
        }
        for (Flag flag : Flag.values()) {
            assertTrue(usage.contains(flag.option()), flag.option());
        }
    }

    @Test
    void commonDefaultsAndUnits() throws UsageException {
        Options stream = Options.parse("stream-client", "--bytes", "64m", "--rate", "16k", "--tls", "1.2");
        assertEquals(Command.STREAM_CLIENT, stream.command());
        assertEquals(64L << 20, stream.bytes(Flag.BYTES, 0));
        assertEquals(16L << 10, stream.bytes(Flag.RATE, 0));
        assertArrayEquals(new String[] {"TLSv1.2"}, stream.protocols());
        assertEquals(8445, stream.port());
        assertEquals("127.0.0.1", stream.host());
        assertEquals("127.0.0.1", stream.serverName());
        Options demo = Options.parse("--handshake-timeout", "250ms", "--idle-timeout", "3");
        assertEquals(Command.DEMO, demo.command());
        assertEquals(Duration.ofMillis(250), demo.duration(Flag.HANDSHAKE_TIMEOUT, null));
        assertEquals(Duration.ofSeconds(3), demo.duration(Flag.IDLE_TIMEOUT, null));
        assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, demo.protocols());
        assertEquals(8443, demo.port());
    }

    @Test
    void certificateWithoutKeyIsRefused() {
        UsageException refused = assertThrows(UsageException.class, () -> Options.parse("--cert", "pom.xml"));
        assertTrue(refused.getMessage().contains("--key"), refused.getMessage());
    }
}
