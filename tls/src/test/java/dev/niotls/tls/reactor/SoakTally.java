package dev.niotls.tls.reactor;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How the sessions of one kind went, in the client process: started, ended as expected, failed (with
 * the first few reasons). Thread-safe. One report line per kind goes to the test:
 * {@code tally NAME started=.. ok=.. failed=..}, then {@code failure NAME: reason} lines.
 */
final class SoakTally {
    private static final int KEPT_FAILURES = 10;

    private final String name;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicInteger keptFailures = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    SoakTally(String name) {
        this.name = name;
    }

    void started() {
        started.incrementAndGet();
    }

    void ok() {
        ok.incrementAndGet();
    }

    void failed(String reason) {
        failed.incrementAndGet();
        if (keptFailures.incrementAndGet() <= KEPT_FAILURES) {
            failures.add(reason);
        }
    }

    long okCount() {
        return ok.get();
    }

    long failedCount() {
        return failed.get();
    }

    List<String> reportLines() {
        List<String> lines = new ArrayList<>();
        lines.add("tally " + name + " started=" + started + " ok=" + ok + " failed=" + failed);
        for (String failure : failures) {
            lines.add("failure " + name + ": " + failure.replace('\n', ' '));
        }
        return lines;
    }
}
