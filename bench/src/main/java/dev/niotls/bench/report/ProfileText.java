package dev.niotls.bench.report;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The top frames of one JFR recording as text, for {@code bench/run.sh --profile handshakes}:
 *
 * <pre>java -cp benchmarks.jar dev.niotls.bench.report.ProfileText FILE.jfr HANDSHAKES_PER_S SECONDS TITLE &gt; FILE.txt</pre>
 *
 * HANDSHAKES_PER_S times SECONDS is the number of handshakes in the recording's window, from which the bytes
 * allocated per handshake are estimated (0 leaves the estimate out).
 */
public final class ProfileText {
    static final int LIMIT = 30;

    private ProfileText() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: ProfileText FILE.jfr HANDSHAKES_PER_S SECONDS TITLE");
            System.exit(2);
        }
        JfrProfile profile = JfrProfile.read(Path.of(args[0]));
        double handshakes = Double.parseDouble(args[1]) * Double.parseDouble(args[2]);
        System.out.print(profile.text(args[3] + "\nRecording: " + Path.of(args[0]).getFileName(), handshakes, LIMIT));
    }
}
