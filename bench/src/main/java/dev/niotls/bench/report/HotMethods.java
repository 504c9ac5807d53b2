package dev.niotls.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The hot methods of a JFR recording by self time: each {@code jdk.ExecutionSample} counted once, for the method
 * of its top frame (what {@code jfr view hot-methods} shows on JDK 21+, read here with JDK 17's own API).
 */
final class HotMethods {
    private final Map<String, Integer> samples = new HashMap<>();
    private int total;

    static HotMethods read(Path jfr) throws IOException {
        HotMethods hot = new HotMethods();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    hot.add(event.getStackTrace());
                }
            }
        }
        return hot;
    }

    void add(RecordedStackTrace stack) {
        if (stack == null || stack.getFrames().isEmpty()) {
            return;
        }
        RecordedFrame top = stack.getFrames().get(0);
        add(top.getMethod().getType().getName() + "." + top.getMethod().getName());
    }

    void add(String method) {
        total++;
        samples.merge(method, 1, Integer::sum);
    }

    int total() {
        return total;
    }

    /** The markdown table of the {@code limit} methods with the most samples. */
    String table(int limit) {
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(samples.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        StringBuilder md = new StringBuilder("| # | method (top frame) | samples | self % |\n|---:|---|---:|---:|\n");
        for (int index = 0; index < Math.min(limit, entries.size()); index++) {
            Map.Entry<String, Integer> entry = entries.get(index);
            md.append(String.format(Locale.ROOT, "| %d | `%s` | %d | %.1f |%n", index + 1, entry.getKey(), entry.getValue(),
                    100.0 * entry.getValue() / total));
        }
        return md.toString();
    }
}
