package dev.niotls.bench.report;

import java.util.Locale;

/**
 * One of the issues' targets: a ratio of niotls (or another subject) to a peer (or to the best peer), and the
 * bound it must meet.
 */
final class Target {
    private final String subject;
    private final String title;
    private final String scenario;
    private final String metric;
    /** The peer, or null for "the best peer" (the lowest value of a lower-is-better metric). */
    private final String peer;
    private final double bound;
    private final boolean atLeast;

    private Target(String subject, String title, String scenario, String metric, String peer, double bound, boolean atLeast) {
        this.subject = subject;
        this.title = title;
        this.scenario = scenario;
        this.metric = metric;
        this.peer = peer;
        this.bound = bound;
        this.atLeast = atLeast;
    }

    static Target atLeast(String title, String scenario, String metric, String peer, double bound) {
        return new Target(Report.SUBJECT, title, scenario, metric, peer, bound, true);
    }

    static Target atMost(String title, String scenario, String metric, String peer, double bound) {
        return new Target(Report.SUBJECT, title, scenario, metric, peer, bound, false);
    }

    static Target bestPeer(String title, String scenario, String metric) {
        return new Target(Report.SUBJECT, title, scenario, metric, null, 1, false);
    }

    /** The same target with {@code server} in niotls's place (nginx's bulk against plain TCP: the client's ceiling). */
    Target of(String server) {
        return new Target(server, title, scenario, metric, peer, bound, atLeast);
    }

    /** The ratio niotls / peer (paired by repeat); NaN when either was not measured. */
    double ratio(Results results) {
        String against = peer != null ? peer : bestPeer(results);
        if (against == null) {
            return Double.NaN;
        }
        return Ratios.pairedRatio(results.repeats(scenario, metric, subject),
                results.repeats(scenario, metric, against));
    }

    /** The peer with the lowest median (lower is better), or null when none was measured. */
    private String bestPeer(Results results) {
        String best = null;
        double bestValue = Double.MAX_VALUE;
        for (String server : results.servers(scenario, metric)) {
            double median = results.median(scenario, metric, server);
            if (!server.equals(subject) && !server.startsWith(Report.SUBJECT) && median < bestValue) {
                best = server;
                bestValue = median;
            }
        }
        return best;
    }

    String row(Results results) {
        double ratio = ratio(results);
        String against = peer != null ? peer : bestPeer(results);
        String met = Double.isNaN(ratio) ? "not measured" : (atLeast ? ratio >= bound : ratio <= bound) ? "yes" : "**no**";
        return String.format(Locale.ROOT, "| %s (%s vs %s) | %s | %s %.2f | %s |", title, subject,
                against == null ? "no peer" : against, Report.number(ratio), atLeast ? ">=" : "<=", bound, met);
    }
}
