package io.instancelock.bench;

import java.util.Arrays;
import java.util.Locale;

/** A set of measured latencies, in nanoseconds, and their nearest-rank percentiles. */
record Latencies(long[] sortedNanos) {

    Latencies {
        if (sortedNanos.length == 0) {
            throw new IllegalArgumentException("no latencies were measured");
        }
        sortedNanos = sortedNanos.clone();
        Arrays.sort(sortedNanos);
    }

    static Latencies of(long... nanos) {
        return new Latencies(nanos);
    }

    int count() {
        return sortedNanos.length;
    }

    /** The nearest-rank percentile: the smallest value with at least {@code p}% of the values at or below it. */
    long percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("a percentile is in (0, 100], was " + p);
        }
        int rank = (int) Math.ceil(p / 100 * sortedNanos.length);
        return sortedNanos[Math.max(rank, 1) - 1];
    }

    long p50() {
        return percentile(50);
    }

    long p99() {
        return percentile(99);
    }

    long max() {
        return sortedNanos[sortedNanos.length - 1];
    }

    /** p50 / p99 / max in milliseconds, e.g. {@code 0.212 / 1.530 / 4.001 ms}. */
    String describe() {
        return String.format(Locale.ROOT, "%s / %s / %s ms", millis(p50()), millis(p99()), millis(max()));
    }

    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }
}
