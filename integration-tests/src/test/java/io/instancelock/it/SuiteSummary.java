package io.instancelock.it;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** The figures of this run, printed at its end by {@link SummaryListener} so CI logs show them. */
final class SuiteSummary {

    private static final List<String> LINES = Collections.synchronizedList(new ArrayList<>());

    private SuiteSummary() {}

    /** Adds a line to the summary and prints it now too. */
    static void add(String line) {
        LINES.add(line);
        System.out.println("[instance-lock it] " + line);
    }

    static List<String> lines() {
        synchronized (LINES) {
            return List.copyOf(LINES);
        }
    }

    /** {@code p50 12.3 ms, max 45.6 ms} of durations in nanoseconds. */
    static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no figures";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        long median = sorted.get((sorted.size() - 1) / 2);
        return "p50 " + millis(median) + ", max " + millis(sorted.get(sorted.size() - 1)) + " (n=" + sorted.size()
                + ")";
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
