package dev.niotls.bench.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RateScheduleTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void requestsAreSpacedEvenlyFromTheStart() {
        RateSchedule schedule = new RateSchedule(1000, 4, 2 * SECOND);
        assertEquals(8, schedule.total());
        assertEquals(1000, schedule.intendedStart(0));
        assertEquals(1000 + SECOND / 4, schedule.intendedStart(1));
        assertEquals(1000 + 7 * SECOND / 4, schedule.intendedStart(7));
    }

    @Test
    void dueCountIncludesARequestExactlyAtItsIntendedStart() {
        RateSchedule schedule = new RateSchedule(0, 1000, SECOND);
        assertEquals(0, schedule.dueCount(-1));
        assertEquals(1, schedule.dueCount(0));
        assertEquals(1, schedule.dueCount(999_999));
        assertEquals(2, schedule.dueCount(1_000_000));
        assertEquals(1000, schedule.dueCount(5 * SECOND));
    }

    @Test
    void aLateSenderFindsEveryMissedRequestDueWithItsOwnIntendedStart() {
        // Coordinated omission: a sender that wakes 10 ms late owes the 10 requests it missed, each
        // measured from when it should have started, not from now.
        RateSchedule schedule = new RateSchedule(0, 1000, SECOND);
        long due = schedule.dueCount(10_000_000);
        assertEquals(11, due);
        assertEquals(9_000_000, schedule.intendedStart(9));
        assertEquals(0, schedule.nanosUntil(5, 10_000_000));
        assertEquals(1_000_000, schedule.nanosUntil(11, 10_000_000));
    }

    @Test
    void oddRatesDoNotLoseOrDuplicateRequests() {
        RateSchedule schedule = new RateSchedule(7, 333.3, 3 * SECOND);
        long previous = 0;
        for (long now = 0; now < 4 * SECOND; now += 1_234_567) {
            long due = schedule.dueCount(now);
            assertEquals(true, due >= previous);
            if (due > 0) {
                assertEquals(true, schedule.intendedStart(due - 1) <= now || due == schedule.total());
            }
            if (due < schedule.total()) {
                assertEquals(true, schedule.intendedStart(due) > now);
            }
            previous = due;
        }
        assertEquals(schedule.total(), schedule.dueCount(10 * SECOND));
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThrows(IllegalArgumentException.class, () -> new RateSchedule(0, 0, SECOND));
    }
}
