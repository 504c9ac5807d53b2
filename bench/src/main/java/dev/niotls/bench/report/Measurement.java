package dev.niotls.bench.report;

/**
 * One line of {@code results.tsv}, as {@code bench/run.sh} writes it:
 * {@code scenario, server, repeat, metric, value, unit}, tab-separated.
 */
public final class Measurement {
    final String scenario;
    final String server;
    final int repeat;
    final String metric;
    final double value;
    final String unit;

    Measurement(String scenario, String server, int repeat, String metric, double value, String unit) {
        this.scenario = scenario;
        this.server = server;
        this.repeat = repeat;
        this.metric = metric;
        this.value = value;
        this.unit = unit;
    }

    /** Parses a line; null for blank lines and comments. */
    static Measurement parse(String line) {
        if (line.isBlank() || line.startsWith("#")) {
            return null;
        }
        String[] fields = line.split("\t");
        if (fields.length < 6) {
            throw new IllegalArgumentException("results.tsv needs 6 tab-separated fields: " + line);
        }
        return new Measurement(fields[0], fields[1], Integer.parseInt(fields[2]), fields[3],
                Double.parseDouble(fields[4]), fields[5]);
    }
}
