package dev.niotls.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
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
    void hotMethodsAreRankedBySelfSamples() {
        HotMethods hot = new HotMethods();
        for (int index = 0; index < 3; index++) {
            hot.add("a.B.c");
        }
        hot.add("x.Y.z");
        String table = hot.table(30);
        assertEquals(4, hot.total());
        assertTrue(table.contains("| 1 | `a.B.c` | 3 | 75.0 |\n| 2 | `x.Y.z` | 1 | 25.0 |"), table);
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
