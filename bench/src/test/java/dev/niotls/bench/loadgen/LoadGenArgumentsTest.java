package dev.niotls.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** LoadGen's command line: --help lists every option; a bad argument is one line naming it, exit status 2. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class LoadGenArgumentsTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void capture() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void helpListsTheOptionsAndExitsWith0() throws Exception {
        assertEquals(0, LoadGen.run("--help"));
        String usage = out.toString(StandardCharsets.UTF_8);
        for (String option : new String[] {"--mode", "--connections", "--active", "--rate", "--cacert", "--plain", "--hgrm"}) {
            assertTrue(usage.contains(option), option + " missing from:\n" + usage);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--mode echo|--cacert is required",
        "--plain --rate fast|--rate needs a number, not 'fast'",
        "--plain --connections 10 --active 11|--active 1..10",
        "--plain --mode ftp|--mode must be echo, http or idle, not 'ftp'",
        "--plain --wat 1|unknown option --wat",
        "--cacert /nonexistent/cert.pem|--cacert: cannot read /nonexistent/cert.pem",
        "--plain --port 80x|--port needs a whole number, not '80x'",
        "stray|unexpected argument 'stray'"})
    void badArgumentIsOneLineNamingItWithStatus2(String line, String expected) throws Exception {
        assertEquals(2, LoadGen.run(line.split(" ")));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.startsWith("loadgen: ") && message.contains(expected), message);
        assertEquals(1, message.lines().count(), message);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
