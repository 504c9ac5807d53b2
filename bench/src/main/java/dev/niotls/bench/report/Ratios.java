package dev.niotls.bench.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The arithmetic of the report: medians, spreads, and ratios paired within a repeat (niotls's k-th
 * measurement over the peer's k-th, taken minutes apart at most, so that drift of the machine between
 * repeats cancels), summarised by their median.
 */
public final class Ratios {
    private Ratios() {
    }

    /** The median of {@code values} (the mean of the middle two for an even count); NaN when empty. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** Half the distance between the largest and smallest value, relative to the median (0.05 = ±5%). */
    public static double relativeSpread(List<Double> values) {
        if (values.size() < 2) {
            return 0;
        }
        double median = median(values);
        return (Collections.max(values) - Collections.min(values)) / 2 / median;
    }

    /**
     * The median over repeats of {@code subject[repeat] / peer[repeat]}, using only repeats both have;
     * NaN when they share none or a peer value is zero.
     */
    public static double pairedRatio(Map<Integer, Double> subject, Map<Integer, Double> peer) {
        List<Double> ratios = new ArrayList<>();
        for (Map.Entry<Integer, Double> entry : subject.entrySet()) {
            Double other = peer.get(entry.getKey());
            if (other != null && other != 0) {
                ratios.add(entry.getValue() / other);
            }
        }
        return median(ratios);
    }
}
