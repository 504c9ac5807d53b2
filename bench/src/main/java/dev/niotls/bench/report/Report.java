package dev.niotls.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Turns a run directory of {@code bench/run.sh} ({@code results.tsv}, {@code env.txt}, {@code commands.txt},
 * {@code jmh.txt}, {@code *.hgrm}) into {@code report.md} and one latency plot per rate
 * ({@code latency-RATE.svg}): medians, spreads, ratios of niotls to each peer paired within a repeat, and
 * the issue's targets met or missed.
 *
 * <pre>java -cp benchmarks.jar dev.niotls.bench.report.Report bench/results/TIMESTAMP</pre>
 */
public final class Report {
    static final String SUBJECT = "niotls";

    private final Path dir;
    private final Results results;
    private final StringBuilder md = new StringBuilder();

    Report(Path dir, Results results) {
        this.dir = dir;
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path tsv = dir.resolve("results.tsv");
        Results results = Files.exists(tsv) ? Results.read(tsv) : new Results();
        String markdown = new Report(dir, results).render();
        Files.writeString(dir.resolve("report.md"), markdown, StandardCharsets.UTF_8);
        System.out.println("report: " + dir.resolve("report.md"));
    }

    String render() throws IOException {
        md.append("# niotls side by side: ").append(dir.getFileName()).append("\n\n");
        verbatim("How this run was made", "commands.txt");
        verbatim("Machine and versions", "env.txt");
        targets();
        for (String scenario : results.scenarios()) {
            if (scenario.equals("latency")) {
                latency();
            } else {
                generic(scenario);
            }
        }
        verbatim("JMH (in-memory, single thread)", "jmh.txt");
        return md.toString();
    }

    private void verbatim(String title, String file) throws IOException {
        Path path = dir.resolve(file);
        if (Files.exists(path)) {
            md.append("## ").append(title).append("\n\n```\n").append(Files.readString(path).strip()).append("\n```\n\n");
        }
    }

    private void generic(String scenario) {
        md.append("## ").append(scenario).append("\n\n");
        for (String metric : results.metrics(scenario)) {
            md.append("**").append(metric).append("** (").append(results.unit(scenario, metric)).append(")\n\n");
            md.append("| server | median | spread | runs | niotls / server |\n|---|---:|---:|---:|---:|\n");
            for (String server : results.servers(scenario, metric)) {
                List<Double> values = results.values(scenario, metric, server);
                md.append(String.format(Locale.ROOT, "| %s | %s | ±%.1f%% | %d | %s |%n", server,
                        number(Ratios.median(values)), 100 * Ratios.relativeSpread(values), values.size(),
                        ratio(scenario, metric, server)));
            }
            md.append('\n');
        }
    }

    private void latency() throws IOException {
        md.append("## latency (loadgen echo, open loop, from the intended start)\n\n");
        TreeSet<Integer> rates = rates();
        List<String> servers = results.servers("latency", "p99_us@" + rates.first());
        md.append("| rate | server | achieved/s | p50 us | p90 us | p99 us | p99.9 us | max us | runs |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int rate : rates) {
            for (String server : servers) {
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %s | %d |%n", rate, server,
                        latencyCell("achieved", rate, server), latencyCell("p50_us", rate, server),
                        latencyCell("p90_us", rate, server), latencyCell("p99_us", rate, server),
                        latencyCell("p999_us", rate, server), latencyCell("max_us", rate, server),
                        results.values("latency", "p99_us@" + rate, server).size()));
            }
        }
        md.append("\nHighest rate whose median p99 stays under 1 ms (and which the server kept up with, achieved >= 95%):\n\n");
        for (String server : servers) {
            int best = highestRateUnderOneMs(server, rates);
            md.append("- ").append(server).append(": ").append(best > 0 ? best + " req/s" : "none of the rates measured")
                    .append('\n');
        }
        md.append('\n');
        for (int rate : rates) {
            LatencyPlot plot = new LatencyPlot("echo latency at " + rate + " req/s (first repeat)");
            for (String server : servers) {
                Path hgrm = dir.resolve("latency-" + server + "-" + rate + "-r1.hgrm");
                if (Files.exists(hgrm)) {
                    plot.add(server, hgrm);
                }
            }
            if (!plot.isEmpty()) {
                Path svg = dir.resolve("latency-" + rate + ".svg");
                Files.writeString(svg, plot.svg(), StandardCharsets.UTF_8);
                md.append("![latency at ").append(rate).append(" req/s](").append(svg.getFileName()).append(")\n\n");
            }
        }
    }

    TreeSet<Integer> rates() {
        TreeSet<Integer> rates = new TreeSet<>();
        for (String metric : results.metrics("latency")) {
            if (metric.startsWith("p99_us@")) {
                rates.add(Integer.parseInt(metric.substring("p99_us@".length())));
            }
        }
        return rates;
    }

    int highestRateUnderOneMs(String server, TreeSet<Integer> rates) {
        int best = 0;
        for (int rate : rates) {
            double p99 = results.median("latency", "p99_us@" + rate, server);
            double achieved = results.median("latency", "achieved@" + rate, server);
            if (p99 < 1000 && achieved >= 0.95 * rate) {
                best = rate;
            }
        }
        return best;
    }

    private String latencyCell(String metric, int rate, String server) {
        return number(results.median("latency", metric + "@" + rate, server));
    }

    private String ratio(String scenario, String metric, String server) {
        if (server.equals(SUBJECT)) {
            return "1";
        }
        double ratio = Ratios.pairedRatio(results.repeats(scenario, metric, SUBJECT),
                results.repeats(scenario, metric, server));
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private void targets() {
        List<Target> targets = new ArrayList<>();
        targets.add(Target.atLeast("keep-alive requests/s >= Netty BoringSSL", "keepalive", "requests_per_s",
                "netty-openssl", 1));
        targets.add(Target.atLeast("full handshakes/s >= nginx", "handshakes", "handshakes_per_s", "nginx", 1));
        targets.add(Target.atLeast("bulk MB/s >= 80% of plain TCP", "bulk", "mb_per_s", "plain-tcp", 0.8));
        for (int rate : rates()) {
            targets.add(Target.bestPeer("p99 at " + rate + " req/s <= best peer's", "latency", "p99_us@" + rate));
        }
        targets.add(Target.atMost("retained heap per idle connection <= 1/3 of Netty JDK", "idle-memory",
                "heap_per_conn_bytes", "netty-jdk", 1.0 / 3));
        md.append("## Targets of issue 6 (ratios niotls / peer, median of pairs within a repeat)\n\n");
        md.append("| target | ratio | wanted | met |\n|---|---:|---:|---|\n");
        for (Target target : targets) {
            md.append(target.row(results)).append('\n');
        }
        md.append('\n');
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
