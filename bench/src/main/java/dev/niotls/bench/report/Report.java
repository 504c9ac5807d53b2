package dev.niotls.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns a run directory of {@code bench/run.sh} ({@code results.tsv}, {@code env.txt}, {@code commands.txt},
 * {@code notes.txt}, {@code jmh.txt}, {@code *.hgrm}, {@code gc-*.log}, {@code profile-*.jfr}) into
 * {@code report.md} and one latency plot per rate ({@code latency-RATE.svg}): medians, spreads, ratios of niotls
 * to each peer paired within a repeat, the issues' targets met or missed, and the hot methods of the profiles.
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
        notes();
        targets();
        for (String scenario : results.scenarios()) {
            if (scenario.equals("latency")) {
                latency();
            } else if (scenario.equals("connections")) {
                connections();
            } else if (scenario.equals("handshakes")) {
                handshakes();
            } else {
                generic(scenario);
            }
        }
        verbatim("JMH (in-memory, single thread)", "jmh.txt");
        profiles();
        return md.toString();
    }

    private void notes() throws IOException {
        Path path = dir.resolve("notes.txt");
        if (Files.exists(path) && !Files.readString(path).isBlank()) {
            md.append("## Notes of this run\n\n").append(Files.readString(path).strip()).append("\n\n");
        }
    }

    /** The files of the run directory whose names match {@code glob}, sorted. */
    private List<Path> files(String glob) throws IOException {
        java.nio.file.PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(path -> matcher.matches(path.getFileName())).sorted().collect(Collectors.toList());
        }
    }

    private void profiles() throws IOException {
        for (Path jfr : files("profile-*.jfr")) {
            JfrProfile profile = JfrProfile.read(jfr);
            String name = jfr.getFileName().toString();
            Path text = dir.resolve(name.replaceAll("\\.jfr$", ".txt"));
            md.append("## Profile ").append(name).append(": top 30 methods by self time\n\n")
                    .append(name.startsWith("profile-jmh-") ? "JMH's JFR profiler (`-prof jfr`), "
                            : "niotls server, JFR `settings=profile`, ").append(profile.self.samples)
                    .append(" execution samples (`jfr print --events jdk.ExecutionSample ").append(name)
                    .append("` has them all").append(Files.exists(text) ? "; [" + text.getFileName() + "](" + text.getFileName()
                            + ") has the totals and allocation by site and class" : "").append(").\n\n")
                    .append(profile.markdown(30)).append('\n');
        }
    }

    private void verbatim(String title, String file) throws IOException {
        Path path = dir.resolve(file);
        if (Files.exists(path)) {
            md.append("## ").append(title).append("\n\n```\n").append(Files.readString(path).strip()).append("\n```\n\n");
        }
    }

    private void generic(String scenario) {
        md.append("## ").append(scenario).append("\n\n");
        boolean bulk = scenario.equals("bulk");
        for (String metric : results.metrics(scenario)) {
            md.append("**").append(metric).append("** (").append(results.unit(scenario, metric)).append(")\n\n");
            md.append("| server | median | spread | runs | niotls / server |").append(bulk ? " server / plain-tcp | server / nginx |" : "")
                    .append("\n|---|---:|---:|---:|---:|").append(bulk ? "---:|---:|" : "").append('\n');
            for (String server : results.servers(scenario, metric)) {
                List<Double> values = results.values(scenario, metric, server);
                md.append(String.format(Locale.ROOT, "| %s | %s | ±%.1f%% | %d | %s |", server,
                        number(Ratios.median(values)), 100 * Ratios.relativeSpread(values), values.size(),
                        ratio(scenario, metric, server)));
                if (bulk) {
                    md.append(' ').append(pairRatio(scenario, metric, server, "plain-tcp")).append(" | ")
                            .append(pairRatio(scenario, metric, server, "nginx")).append(" |");
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    private String pairRatio(String scenario, String metric, String server, String reference) {
        double ratio = Ratios.pairedRatio(results.repeats(scenario, metric, server), results.repeats(scenario, metric, reference));
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio);
    }

    private void latency() throws IOException {
        md.append("## latency (loadgen echo, open loop, from the intended start)\n\n");
        TreeSet<Integer> rates = rates("latency");
        List<String> servers = results.servers("latency", "p99_us@" + rates.first());
        md.append("Medians over the repeats, ± half the range relative to the median; \"behind\": the server did not keep up\n"
                + "with the rate in at least one repeat (fewer than 95% of the requests answered in the window, or some never).\n\n");
        md.append("| rate | server | achieved/s | p50 us | p99 us | p99.9 us | max us | runs | kept up |\n");
        md.append("|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (int rate : rates) {
            for (String server : servers) {
                md.append(String.format(Locale.ROOT, "| %d | %s | %s | %s | %s | %s | %s | %d | %s |%n", rate, server,
                        latencyCell("latency", "achieved", rate, server), spreadCell("latency", "p50_us", rate, server),
                        spreadCell("latency", "p99_us", rate, server), spreadCell("latency", "p999_us", rate, server),
                        latencyCell("latency", "max_us", rate, server),
                        results.values("latency", "p99_us@" + rate, server).size(), keptUp("latency", rate, server)));
            }
        }
        md.append("\nHighest rate whose median p99 stays under 1 ms (and which the server kept up with, achieved >= 95%):\n\n");
        for (String server : servers) {
            int best = highestRateUnderOneMs(server, rates);
            md.append("- ").append(server).append(": ").append(best > 0 ? best + " req/s" : "none of the rates measured")
                    .append('\n');
        }
        List<Path> gcLogs = files("gc-latency-*.log");
        if (!gcLogs.isEmpty()) {
            md.append("\nGC logs of the Java servers, beside the histograms: ")
                    .append(gcLogs.stream().map(path -> "[" + path.getFileName() + "](" + path.getFileName() + ")")
                            .collect(Collectors.joining(", "))).append('\n');
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

    /** The handshake kinds measured, in the order of the run ({@code KIND_per_s} metrics). */
    List<String> handshakeKinds() {
        List<String> kinds = new ArrayList<>();
        for (String metric : results.metrics("handshakes")) {
            if (metric.endsWith("_per_s")) {
                kinds.add(metric.substring(0, metric.length() - "_per_s".length()));
            }
        }
        return kinds;
    }

    private void handshakes() {
        md.append("## handshakes (rate, and what a handshake cost the server)\n\n");
        md.append("Medians over the repeats (± half the range relative to the median). Server CPU: utime + stime of the server"
                + " process, every thread and child (JIT, GC, nginx's worker), over the measured window; **capacity** = handshakes"
                + " per second of server CPU, which holds whatever the client's speed. The rate is the server's own only where the"
                + " server, not the client, was the limit: \"limit\" says which CPU was at 90% or more. Ratios niotls / server are"
                + " paired within a repeat, then the median: above 1 is niotls ahead for the rate and the capacity. **warm-up**:"
                + " the median seconds of handshakes before the server's CPU per handshake held steady (bench/run.sh,"
                + " handshake_warmup); nothing before that is counted. **cold**: handshakes/s in the first warm-up slice of the"
                + " fresh server (HS_WARMUP s), what a reconnect storm right after a deploy meets.\n\n");
        for (String kind : handshakeKinds()) {
            String rate = kind + "_per_s";
            md.append("**").append(kind).append("**\n\n");
            md.append("| server | handshakes/s | server CPU us / handshake | capacity (handshakes / server CPU s) | server CPU % "
                    + "| client CPU % | client CPU us / handshake | limit | runs | warm-up s | cold handshakes/s"
                    + " | niotls / server: rate | niotls / server: capacity |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
            for (String server : results.servers("handshakes", rate)) {
                md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %d | %s | %s | %s | %s |%n",
                        server,
                        spread("handshakes", rate, server), spread("handshakes", "server_us@" + kind, server),
                        spread("handshakes", "capacity@" + kind, server),
                        percent(results.median("handshakes", "server_cpu_pct@" + kind, server)),
                        percent(results.median("handshakes", "client_cpu_pct@" + kind, server)),
                        number(results.median("handshakes", "client_us@" + kind, server)), limit(kind, server),
                        results.values("handshakes", rate, server).size(),
                        wholeSeconds(results.median("handshakes", "warmup_s@" + kind, server)),
                        number(results.median("handshakes", "cold_per_s@" + kind, server)), ratio("handshakes", rate, server),
                        ratio("handshakes", "capacity@" + kind, server)));
            }
            md.append('\n');
        }
    }

    /** Which CPU bounded a handshake row: "server", "**client**", "both", or "neither" (below 90% each). */
    String limit(String kind, String server) {
        double serverCpu = results.median("handshakes", "server_cpu_pct@" + kind, server);
        double clientCpu = results.median("handshakes", "client_cpu_pct@" + kind, server);
        if (Double.isNaN(serverCpu) || Double.isNaN(clientCpu)) {
            return "n/a";
        }
        boolean serverBound = serverCpu >= 90;
        boolean clientBound = clientCpu >= 90;
        return serverBound && clientBound ? "both" : serverBound ? "server" : clientBound ? "**client**" : "neither";
    }

    /** The median and, over several repeats, ± half the range relative to it. */
    private String spread(String scenario, String metric, String server) {
        List<Double> values = results.values(scenario, metric, server);
        String median = number(Ratios.median(values));
        return values.size() < 2 ? median : String.format(Locale.ROOT, "%s ±%.0f%%", median, 100 * Ratios.relativeSpread(values));
    }

    private void connections() {
        md.append("## connections (TLS connections held open by loadgen, some sending echo requests at a fixed rate)\n\n");
        TreeSet<Integer> rates = rates("connections");
        md.append("| server | rate | achieved/s | p50 us | p99 us | p99.9 us | max us | kept up | heap after GC MiB | RSS MiB"
                + " | heap / conn B | RSS / conn B |\n|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|\n");
        for (int rate : rates) {
            for (String server : results.servers("connections", "p99_us@" + rate)) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", server,
                        rate, latencyCell("connections", "achieved", rate, server), latencyCell("connections", "p50_us", rate, server),
                        latencyCell("connections", "p99_us", rate, server), latencyCell("connections", "p999_us", rate, server),
                        latencyCell("connections", "max_us", rate, server), keptUp("connections", rate, server),
                        number(results.median("connections", "heap_after_gc_mb", server)),
                        number(results.median("connections", "rss_mb", server)),
                        number(results.median("connections", "heap_per_conn_bytes", server)),
                        number(results.median("connections", "rss_per_conn_bytes", server))));
            }
        }
        md.append("\nHeap after a full GC (`jcmd GC.run`, then `GC.heap_info` used) and RSS are taken after the load, the connections"
                + " still open; per connection: minus the same figures before the clients connected.\n\n");
    }

    /** "yes", or "**behind**" when a repeat answered under 95% of the rate or left requests unanswered. */
    String keptUp(String scenario, int rate, String server) {
        for (Double achieved : results.values(scenario, "achieved@" + rate, server)) {
            if (achieved < 0.95 * rate) {
                return "**behind**";
            }
        }
        for (Double incomplete : results.values(scenario, "incomplete@" + rate, server)) {
            if (incomplete > 0) {
                return "**behind**";
            }
        }
        return "yes";
    }

    TreeSet<Integer> rates() {
        return rates("latency");
    }

    TreeSet<Integer> rates(String scenario) {
        TreeSet<Integer> rates = new TreeSet<>();
        for (String metric : results.metrics(scenario)) {
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

    private String latencyCell(String scenario, String metric, int rate, String server) {
        return number(results.median(scenario, metric + "@" + rate, server));
    }

    private String spreadCell(String scenario, String metric, int rate, String server) {
        return spread(scenario, metric + "@" + rate, server);
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
        targets.add(Target.atLeast("issue 6: keep-alive requests/s >= Netty BoringSSL", "keepalive", "requests_per_s",
                "netty-openssl", 1));
        targets.add(Target.atLeast("issue 11: full TLS 1.3 handshakes per server CPU second >= nginx", "handshakes",
                "capacity@tls13-full", "nginx", 1));
        targets.add(Target.atLeast("issue 11: full TLS 1.3 handshakes per server CPU second >= Netty BoringSSL", "handshakes",
                "capacity@tls13-full", "netty-openssl", 1));
        targets.add(Target.atLeast("issue 11: full TLS 1.2 handshakes per server CPU second >= nginx", "handshakes",
                "capacity@tls12-full", "nginx", 1));
        targets.add(Target.atLeast("issue 11: resumed (session ID) TLS 1.2 handshakes per server CPU second >= nginx",
                "handshakes", "capacity@tls12-sessionid", "nginx", 1));
        targets.add(Target.atLeast("issue 11: resumed (ticket) TLS 1.2 handshakes per server CPU second >= nginx", "handshakes",
                "capacity@tls12-ticket", "nginx", 1));
        targets.add(Target.atLeast("issue 11: full TLS 1.3 handshakes/s >= nginx", "handshakes", "tls13-full_per_s", "nginx", 1));
        targets.add(Target.atLeast("issue 11: full TLS 1.3 handshakes/s >= Netty BoringSSL", "handshakes", "tls13-full_per_s",
                "netty-openssl", 1));
        targets.add(Target.atLeast("issue 11: full TLS 1.2 handshakes/s >= nginx", "handshakes", "tls12-full_per_s", "nginx", 1));
        targets.add(Target.atLeast("issue 11: resumed (session ID) TLS 1.2 handshakes/s >= nginx", "handshakes",
                "tls12-sessionid_per_s", "nginx", 1));
        targets.add(Target.atLeast("issue 11: resumed (ticket) TLS 1.2 handshakes/s >= nginx", "handshakes",
                "tls12-ticket_per_s", "nginx", 1));
        targets.add(Target.atLeast("issue 6: bulk MB/s >= 80% of plain TCP", "bulk", "mb_per_s", "plain-tcp", 0.8));
        targets.add(Target.atLeast("issue 9: the bulk client is not the ceiling: nginx >= 0.4 of plain TCP", "bulk",
                "mb_per_s", "plain-tcp", 0.4).of("nginx"));
        for (int rate : rates()) {
            targets.add(Target.bestPeer("issue 6: p99 at " + rate + " req/s <= best peer's", "latency", "p99_us@" + rate));
        }
        targets.add(Target.atMost("issue 6: retained heap per idle connection <= 1/3 of Netty JDK", "idle-memory",
                "heap_per_conn_bytes", "netty-jdk", 1.0 / 3));
        md.append("## Targets (ratios subject / peer, median of pairs within a repeat)\n\n");
        md.append("| target | ratio | wanted | met |\n|---|---:|---:|---|\n");
        for (Target target : targets) {
            md.append(target.row(results)).append('\n');
        }
        md.append('\n');
    }

    static String percent(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
    }

    /** Seconds without decimals (the warm-up runs in whole slices), or n/a for a run that did not record them. */
    static String wholeSeconds(double value) {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        return Math.abs(value) >= 100 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }
}
