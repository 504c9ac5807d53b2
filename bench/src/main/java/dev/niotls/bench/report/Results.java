package dev.niotls.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The measurements of one run, indexed scenario, metric, server, repeat (insertion order kept). */
public final class Results {
    private final Map<String, Map<String, Map<String, Map<Integer, Double>>>> values = new LinkedHashMap<>();
    private final Map<String, String> units = new LinkedHashMap<>();

    /** Reads {@code results.tsv}. */
    public static Results read(Path tsv) throws IOException {
        Results results = new Results();
        for (String line : Files.readAllLines(tsv)) {
            Measurement m = Measurement.parse(line);
            if (m != null) {
                results.add(m);
            }
        }
        return results;
    }

    void add(Measurement m) {
        values.computeIfAbsent(m.scenario, k -> new LinkedHashMap<>())
                .computeIfAbsent(m.metric, k -> new LinkedHashMap<>())
                .computeIfAbsent(m.server, k -> new TreeMap<>())
                .put(m.repeat, m.value);
        units.put(m.scenario + "/" + m.metric, m.unit);
    }

    public List<String> scenarios() {
        return new ArrayList<>(values.keySet());
    }

    public List<String> metrics(String scenario) {
        return new ArrayList<>(values.getOrDefault(scenario, Map.of()).keySet());
    }

    public List<String> servers(String scenario, String metric) {
        return new ArrayList<>(byServer(scenario, metric).keySet());
    }

    public String unit(String scenario, String metric) {
        return units.getOrDefault(scenario + "/" + metric, "");
    }

    /** Repeat number to value, for one server; empty when absent. */
    public Map<Integer, Double> repeats(String scenario, String metric, String server) {
        return byServer(scenario, metric).getOrDefault(server, Collections.emptyMap());
    }

    public List<Double> values(String scenario, String metric, String server) {
        return new ArrayList<>(repeats(scenario, metric, server).values());
    }

    public double median(String scenario, String metric, String server) {
        return Ratios.median(values(scenario, metric, server));
    }

    private Map<String, Map<Integer, Double>> byServer(String scenario, String metric) {
        return values.getOrDefault(scenario, Map.of()).getOrDefault(metric, Map.of());
    }
}
