package dev.niotls.tls.reactor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the client process reported ({@link SoakClients}'s log): one tally per kind of session, and failures. */
final class SoakReport {
    private final Path log;
    private final int exitCode;
    private final List<String> lines;
    /** started, ok, failed per kind, in report order. */
    private final Map<String, long[]> tallies = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    private SoakReport(Path log, int exitCode, List<String> lines) {
        this.log = log;
        this.exitCode = exitCode;
        this.lines = lines;
        for (String line : lines) {
            if (line.startsWith("tally ")) {
                String[] fields = line.split(" ");
                tallies.put(fields[1], new long[] {value(fields[2]), value(fields[3]), value(fields[4])});
            } else if (line.startsWith("failure ")) {
                failures.add(line);
            }
        }
    }

    private static long value(String field) {
        return Long.parseLong(field.substring(field.indexOf('=') + 1));
    }

    static SoakReport read(Path log, int exitCode) throws IOException {
        return new SoakReport(log, exitCode, Files.readAllLines(log, StandardCharsets.UTF_8));
    }

    /** The last lines of a client log, for failure messages. */
    static String tail(Path log) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException unreadable) {
            return "(" + log + " unreadable: " + unreadable + ")";
        }
    }

    /** The process ended normally and no session of any kind failed. */
    void assertClean() {
        boolean done = lines.stream().anyMatch(line -> line.startsWith("done"));
        long failed = tallies.values().stream().mapToLong(counts -> counts[2]).sum();
        if (exitCode != 0 || !done || failed > 0 || tallies.isEmpty()) {
            throw new AssertionError("the soak clients (" + log + ") exited with " + exitCode + ", " + failed
                    + " sessions failed:\n" + String.join("\n", failures) + "\n--- log tail:\n" + tail(log));
        }
    }

    /** Each kind of churn ran and ended as it should at least once. */
    void assertEveryKindRan() {
        for (Churn kind : Churn.values()) {
            long[] counts = tallies.get(kind.name());
            if (counts == null || counts[1] == 0) {
                throw new AssertionError(kind + " never completed: " + tallies());
            }
        }
    }

    /** @return the first line starting with {@code prefix}, or "" */
    String line(String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).findFirst().orElse("");
    }

    /** @return "KIND ok/failed, ..." */
    String tallies() {
        StringBuilder text = new StringBuilder();
        tallies.forEach((name, counts) -> text.append(text.length() == 0 ? "" : ", ")
                .append(name).append(' ').append(counts[1]).append('/').append(counts[2]));
        return text.append(" (ok/failed)").toString();
    }
}
