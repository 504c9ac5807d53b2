package dev.niotls.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReportTest {
    @TempDir
    Path dir;

    private Results results(String... lines) {
        Results results = new Results();
        for (String line : lines) {
            results.add(Measurement.parse(line));
        }
        return results;
    }

    @Test
    void targetsCompareNiotlsWithTheNamedPeerPairByPair() {
        Results results = results(
                "keepalive\tniotls\t1\trequests_per_s\t900\treq/s",
                "keepalive\tnetty-openssl\t1\trequests_per_s\t1000\treq/s",
                "keepalive\tniotls\t2\trequests_per_s\t1100\treq/s",
                "keepalive\tnetty-openssl\t2\trequests_per_s\t1000\treq/s");
        Target target = Target.atLeast("t", "keepalive", "requests_per_s", "netty-openssl", 1);
        assertEquals(1.0, target.ratio(results), 1e-9);
        assertTrue(target.row(results).endsWith("| yes |"), target.row(results));
    }

    @Test
    void latencyTargetUsesTheBestPeer() {
        Results results = results(
                "latency\tniotls\t1\tp99_us@1000\t600\tus",
                "latency\tnetty-jdk\t1\tp99_us@1000\t900\tus",
                "latency\tnetty-openssl\t1\tp99_us@1000\t400\tus");
        Target target = Target.bestPeer("t", "latency", "p99_us@1000");
        assertEquals(1.5, target.ratio(results), 1e-9);
        assertTrue(target.row(results).contains("niotls vs netty-openssl"), target.row(results));
        assertTrue(target.row(results).endsWith("| **no** |"), target.row(results));
    }

    @Test
    void highestRateUnderOneMsNeedsTheServerToKeepUp() {
        Results results = results(
                "latency\tniotls\t1\tp99_us@1000\t300\tus",
                "latency\tniotls\t1\tachieved@1000\t1000\treq/s",
                "latency\tniotls\t1\tp99_us@2000\t800\tus",
                "latency\tniotls\t1\tachieved@2000\t1500\treq/s",
                "latency\tniotls\t1\tp99_us@4000\t5000\tus",
                "latency\tniotls\t1\tachieved@4000\t4000\treq/s");
        Report report = new Report(dir, results);
        assertEquals(1000, report.highestRateUnderOneMs("niotls", report.rates()));
    }

    @Test
    void rendersTablesAndAPlotFromARunDirectory() throws Exception {
        Files.writeString(dir.resolve("results.tsv"), String.join("\n",
                "bulk\tniotls\t1\tmb_per_s\t400\tMB/s",
                "bulk\tplain-tcp\t1\tmb_per_s\t1000\tMB/s",
                "latency\tniotls\t1\tp99_us@1000\t300\tus",
                "latency\tniotls\t1\tachieved@1000\t1000\treq/s"));
        Files.writeString(dir.resolve("latency-niotls-1000-r1.hgrm"), String.join("\n",
                "       Value     Percentile TotalCount 1/(1-Percentile)",
                "",
                "      100.000 0.000000000000          1           1.00",
                "      200.000 0.900000000000         90          10.00",
                "      300.000 0.990000000000         99         100.00",
                "      400.000 1.000000000000        100",
                "#[Mean    =      150.000, StdDeviation   =       50.000]"));
        Report.main(new String[] {dir.toString()});
        String markdown = Files.readString(dir.resolve("report.md"));
        assertTrue(markdown.contains("| issue 6: bulk MB/s >= 80% of plain TCP (niotls vs plain-tcp) | 0.40 | >= 0.80 | **no** |"), markdown);
        assertTrue(markdown.contains("![latency at 1000 req/s](latency-1000.svg)"), markdown);
        assertTrue(Files.readString(dir.resolve("latency-1000.svg")).contains("<path d=\"M"));
    }

    @Test
    void aServerThatAnsweredTooFewOrLeftRequestsUnansweredFellBehind() {
        Results results = results(
                "latency\tniotls\t1\tachieved@1000\t1000\treq/s",
                "latency\tniotls\t1\tincomplete@1000\t0\trequests",
                "latency\tniotls\t2\tachieved@1000\t940\treq/s",
                "latency\tnetty-jdk\t1\tachieved@1000\t1000\treq/s",
                "latency\tnetty-jdk\t1\tincomplete@1000\t3\trequests",
                "latency\tnginx\t1\tachieved@1000\t999\treq/s",
                "latency\tnginx\t1\tincomplete@1000\t0\trequests");
        Report report = new Report(dir, results);
        assertEquals("**behind**", report.keptUp("latency", 1000, "niotls"));
        assertEquals("**behind**", report.keptUp("latency", 1000, "netty-jdk"));
        assertEquals("yes", report.keptUp("latency", 1000, "nginx"));
    }

    @Test
    void hotMethodsAreRankedBySelfSamplesAndTotalsCountASampleOnce() {
        JfrProfile profile = new JfrProfile();
        for (int index = 0; index < 3; index++) {
            profile.cpu(List.of("a.B.c", "r.S.t", "r.S.t", "m.N.o"));
        }
        profile.cpu(List.of("x.Y.z", "m.N.o"));
        String table = profile.markdown(30);
        assertEquals(4, profile.self.samples);
        assertTrue(table.contains("| 1 | `a.B.c` | 3 | 75.0 |\n| 2 | `x.Y.z` | 1 | 25.0 |"), table);
        String text = profile.text("title", 0, 30);
        // m.N.o is under every sample: 100% of the total, and the recursive r.S.t counted once per sample.
        assertTrue(text.contains("   1            4  100.0  m.N.o\n   2            3   75.0  a.B.c\n   3            3   75.0  r.S.t\n"), text);
    }

    @Test
    void allocationIsWeighedByBytesAndChargedToTheFirstFrameOutsideTheJdk() {
        JfrProfile profile = new JfrProfile();
        profile.allocation(List.of("java.util.Arrays.copyOf", "dev.niotls.tls.Transcript.add", "dev.niotls.tls.Engine.run"), "byte[]", 3000);
        profile.allocation(List.of("dev.niotls.tls.Record.seal"), "byte[]", 1000);
        String text = profile.text("title", 2, 30);
        assertTrue(text.contains("about 2000 bytes allocated per handshake"), text);
        assertTrue(text.contains("== Allocation: first frame outside the JDK (java., javax., jdk., sun.), by bytes ==\n"
                + "   #        bytes      %  frame\n   1         3000   75.0  dev.niotls.tls.Transcript.add\n"), text);
        assertTrue(text.contains("== Allocation: class, by bytes ==\n   #        bytes      %  frame\n   1         4000  100.0  byte[]\n"), text);
    }

    @Test
    void handshakeRowsShowTheServerCpuTheCapacityAndWhichCpuWasTheLimit() throws Exception {
        Files.writeString(dir.resolve("results.tsv"), String.join("\n",
                "handshakes\tniotls\t1\ttls13-full_per_s\t1000\thandshakes/s (tls13-full)",
                "handshakes\tniotls\t1\tclient_cpu_pct@tls13-full\t40\t% of the client CPU",
                "handshakes\tniotls\t1\tclient_us@tls13-full\t400\tus",
                "handshakes\tniotls\t1\tserver_us@tls13-full\t990\tus",
                "handshakes\tniotls\t1\tcapacity@tls13-full\t1010\thandshakes per server CPU second",
                "handshakes\tniotls\t1\tserver_cpu_pct@tls13-full\t99\t% of the server CPU",
                "handshakes\tniotls\t1\twarmup_s@tls13-full\t25\ts of warm-up until steady",
                "handshakes\tniotls\t1\tcold_per_s@tls13-full\t340\thandshakes/s in the first 5 s of a fresh server",
                "handshakes\tnginx\t1\ttls13-full_per_s\t2000\thandshakes/s (tls13-full)",
                "handshakes\tnginx\t1\tclient_cpu_pct@tls13-full\t95\t% of the client CPU",
                "handshakes\tnginx\t1\tclient_us@tls13-full\t475\tus",
                "handshakes\tnginx\t1\tserver_us@tls13-full\t400\tus",
                "handshakes\tnginx\t1\tcapacity@tls13-full\t2500\thandshakes per server CPU second",
                "handshakes\tnginx\t1\tserver_cpu_pct@tls13-full\t80\t% of the server CPU"));
        Report.main(new String[] {dir.toString()});
        String markdown = Files.readString(dir.resolve("report.md"));
        assertTrue(markdown.contains("| niotls | 1000 | 990 | 1010 | 99 | 40 | 400 | server | 1 | 25 | 340 | 1 | 1 |"), markdown);
        assertTrue(markdown.contains("| nginx | 2000 | 400 | 2500 | 80 | 95 | 475 | **client** | 1 | n/a | n/a | 0.50 | 0.40 |"), markdown);
        assertTrue(markdown.contains("| issue 11: full TLS 1.3 handshakes per server CPU second >= nginx (niotls vs nginx) | 0.40 | >= 1.00 | **no** |"),
                markdown);
    }

    @Test
    void bulkRowsCompareWithPlainTcpAndNginxAndTheClientCeilingIsATarget() throws Exception {
        Files.writeString(dir.resolve("results.tsv"), String.join("\n",
                "bulk\tniotls\t1\tmb_per_s\t300\tMB/s",
                "bulk\tnginx\t1\tmb_per_s\t600\tMB/s",
                "bulk\tplain-tcp\t1\tmb_per_s\t1000\tMB/s"));
        Files.writeString(dir.resolve("notes.txt"), "- bulk: niotls-before left out\n");
        Report.main(new String[] {dir.toString()});
        String markdown = Files.readString(dir.resolve("report.md"));
        assertTrue(markdown.contains("| niotls | 300 | ±0.0% | 1 | 1 | 0.30 | 0.50 |"), markdown);
        assertTrue(markdown.contains("(nginx vs plain-tcp) | 0.60 | >= 0.40 | yes |"), markdown);
        assertTrue(markdown.contains("## Notes of this run\n\n- bulk: niotls-before left out"), markdown);
    }
}
