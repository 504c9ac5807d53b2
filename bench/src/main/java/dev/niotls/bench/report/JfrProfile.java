package dev.niotls.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * The top frames of a JFR recording, read with JDK 17's own API ({@code jfr view hot-methods} and
 * {@code allocation-by-site} do the like on JDK 21+): CPU as {@code jdk.ExecutionSample} counts by the method
 * of the top frame (self) and by every method on the stack (total, once per sample), allocation as the
 * {@code weight} (bytes, an estimate of what the thread allocated since its previous sample) of
 * {@code jdk.ObjectAllocationSample} by top frame, by the first frame outside the JDK, and by class.
 */
final class JfrProfile {
    final Tally self = new Tally();
    final Tally total = new Tally();
    final Tally allocationSites = new Tally();
    final Tally allocationCallers = new Tally();
    final Tally allocationClasses = new Tally();

    static JfrProfile read(Path jfr) throws IOException {
        JfrProfile profile = new JfrProfile();
        try (RecordingFile file = new RecordingFile(jfr)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                String name = event.getEventType().getName();
                if (name.equals("jdk.ExecutionSample")) {
                    profile.cpu(methods(event.getStackTrace()));
                } else if (name.equals("jdk.ObjectAllocationSample")) {
                    RecordedClass type = event.getClass("objectClass");
                    profile.allocation(methods(event.getStackTrace()), type == null ? "?" : type.getName(),
                            event.getLong("weight"));
                }
            }
        }
        return profile;
    }

    private static List<String> methods(RecordedStackTrace stack) {
        List<String> methods = new ArrayList<>();
        if (stack != null) {
            for (RecordedFrame frame : stack.getFrames()) {
                methods.add(frame.getMethod().getType().getName() + "." + frame.getMethod().getName());
            }
        }
        return methods;
    }

    /** One CPU sample, its stack's methods top first. */
    void cpu(List<String> stack) {
        if (stack.isEmpty()) {
            return;
        }
        self.add(stack.get(0), 1);
        // A method on the stack twice (recursion) is credited once; the sample counts once, whatever its depth.
        Set<String> seen = new HashSet<>();
        for (String method : stack) {
            if (seen.add(method)) {
                total.credit(method, 1);
            }
        }
        total.count(1);
    }

    /** One allocation sample: its stack's methods top first, the class allocated, the bytes it stands for. */
    void allocation(List<String> stack, String type, long bytes) {
        allocationClasses.add(type, bytes);
        if (stack.isEmpty()) {
            return;
        }
        allocationSites.add(stack.get(0), bytes);
        for (String method : stack) {
            if (!isJdk(method)) {
                allocationCallers.add(method, bytes);
                return;
            }
        }
        allocationCallers.add(stack.get(0), bytes);
    }

    private static boolean isJdk(String method) {
        return method.startsWith("java.") || method.startsWith("javax.") || method.startsWith("jdk.")
                || method.startsWith("sun.") || method.startsWith("com.sun.");
    }

    /** The text file of {@code --profile handshakes}: a title, then each table as aligned columns. */
    String text(String title, double handshakes, int limit) {
        StringBuilder out = new StringBuilder(title).append("\n\n");
        out.append(String.format(Locale.ROOT, "%d CPU samples (jdk.ExecutionSample, every 10 or 20 ms of a running Java thread),"
                + " %d allocation samples (jdk.ObjectAllocationSample) weighing %.1f MB", self.samples, allocationClasses.samples,
                allocationClasses.sum / 1e6));
        if (handshakes > 0) {
            out.append(String.format(Locale.ROOT, "; %.0f handshakes in the window: about %.0f bytes allocated per handshake"
                    + " (sampled estimate)", handshakes, allocationClasses.sum / handshakes));
        }
        out.append(".\n\n");
        section(out, "CPU: methods by self samples (top frame)", self, limit, "samples");
        // Twice as many rows: the event loop and its callers, on nearly every sample, take the first dozen.
        section(out, "CPU: methods by total samples (anywhere on the stack)", total, 2 * limit, "samples");
        section(out, "Allocation: top frame, by bytes", allocationSites, limit, "bytes");
        section(out, "Allocation: first frame outside the JDK (java., javax., jdk., sun.), by bytes", allocationCallers, limit,
                "bytes");
        section(out, "Allocation: class, by bytes", allocationClasses, limit, "bytes");
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Tally tally, int limit, String unit) {
        out.append("== ").append(title).append(" ==\n");
        out.append(String.format(Locale.ROOT, "%4s %12s %6s  %s%n", "#", unit, "%", "frame"));
        int rank = 1;
        for (Map.Entry<String, Long> entry : tally.top(limit)) {
            out.append(String.format(Locale.ROOT, "%4d %12d %6.1f  %s%n", rank++, entry.getValue(), tally.percent(entry.getValue()),
                    entry.getKey()));
        }
        out.append('\n');
    }

    /** The markdown tables of the report: CPU self time, and allocation by top frame when there were samples. */
    String markdown(int limit) {
        StringBuilder md = new StringBuilder(self.table("method (top frame)", "samples", "self %", limit));
        if (allocationSites.samples > 0) {
            md.append('\n').append(String.format(Locale.ROOT, "Allocation, %d samples weighing %.1f MB, by first frame outside the JDK:%n%n",
                    allocationClasses.samples, allocationClasses.sum / 1e6))
                    .append(allocationCallers.table("frame", "bytes", "%", Math.min(limit, 15)));
        }
        return md.toString();
    }

    /** Weights by key; percentages against the sum of all weights added. */
    static final class Tally {
        private final Map<String, Long> weights = new HashMap<>();
        long samples;
        long sum;

        void add(String key, long weight) {
            credit(key, weight);
            count(weight);
        }

        void credit(String key, long weight) {
            weights.merge(key, weight, Long::sum);
        }

        void count(long weight) {
            samples++;
            sum += weight;
        }

        double percent(long weight) {
            return sum == 0 ? 0 : 100.0 * weight / sum;
        }

        List<Map.Entry<String, Long>> top(int limit) {
            List<Map.Entry<String, Long>> entries = new ArrayList<>(weights.entrySet());
            entries.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            return entries.subList(0, Math.min(limit, entries.size()));
        }

        String table(String keyTitle, String weightTitle, String percentTitle, int limit) {
            StringBuilder md = new StringBuilder(String.format("| # | %s | %s | %s |%n|---:|---|---:|---:|%n", keyTitle,
                    weightTitle, percentTitle));
            int rank = 1;
            for (Map.Entry<String, Long> entry : top(limit)) {
                md.append(String.format(Locale.ROOT, "| %d | `%s` | %d | %.1f |%n", rank++, entry.getKey(), entry.getValue(),
                        percent(entry.getValue())));
            }
            return md.toString();
        }
    }
}
