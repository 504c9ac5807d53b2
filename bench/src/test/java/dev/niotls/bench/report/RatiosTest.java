package dev.niotls.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RatiosTest {
    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(3.0, Ratios.median(List.of(5.0, 1.0, 3.0)));
        assertEquals(2.5, Ratios.median(List.of(4.0, 1.0, 2.0, 3.0)));
        assertTrue(Double.isNaN(Ratios.median(List.of())));
    }

    @Test
    void pairedRatioDividesWithinARepeatThenTakesTheMedian() {
        // Repeat 2 ran on a slower machine for both: pairing cancels that, a ratio of medians would not.
        Map<Integer, Double> subject = Map.of(1, 100.0, 2, 50.0, 3, 120.0);
        Map<Integer, Double> peer = Map.of(1, 200.0, 2, 100.0, 3, 200.0);
        assertEquals(0.5, Ratios.pairedRatio(subject, peer), 1e-9);
    }

    @Test
    void pairedRatioSkipsRepeatsOnlyOneSideHas() {
        Map<Integer, Double> subject = Map.of(1, 30.0, 2, 99.0);
        Map<Integer, Double> peer = Map.of(1, 10.0, 3, 1.0);
        assertEquals(3.0, Ratios.pairedRatio(subject, peer), 1e-9);
        assertTrue(Double.isNaN(Ratios.pairedRatio(Map.of(1, 1.0), Map.of(2, 1.0))));
    }

    @Test
    void relativeSpreadIsHalfTheRangeOverTheMedian() {
        assertEquals(0.1, Ratios.relativeSpread(List.of(90.0, 100.0, 110.0)), 1e-9);
        assertEquals(0.0, Ratios.relativeSpread(List.of(42.0)));
    }
}
