package io.instancelock.core;

import java.time.Duration;

/** Durations in words for messages: {@code 45s}, {@code 3m 05s}, {@code 2h 05m}, {@code 3d 4h}. */
final class Durations {

    private Durations() {}

    static String words(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm %02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh %02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd %dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
