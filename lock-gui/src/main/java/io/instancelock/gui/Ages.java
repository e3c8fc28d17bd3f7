package io.instancelock.gui;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Short texts for how long something has lasted: {@code 45s}, {@code 12m}, {@code 2h 05m}, {@code 3d 04h}. */
public final class Ages {

    private static final DateTimeFormatter TODAY = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter EARLIER = DateTimeFormatter.ofPattern("MMM d HH:mm", Locale.ROOT);

    private Ages() {}

    /** The duration in its two largest units; a negative one (a clock set back) counts as none. */
    public static String of(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = minutes / 60;
        if (hours < 24) {
            return String.format(Locale.ROOT, "%dh %02dm", hours, minutes % 60);
        }
        return String.format(Locale.ROOT, "%dd %02dh", hours / 24, hours % 24);
    }

    /**
     * When something started and how long ago, e.g. {@code 14:30, 2h 05m}; the date is added when it
     * did not start today: {@code Nov 9 14:30, 3d 02h}.
     */
    public static String since(LocalDateTime start, LocalDateTime now) {
        return start(start, now) + ", " + of(Duration.between(start, now));
    }

    /** When something started: {@code 14:30} today, else {@code Nov 9 14:30}. */
    public static String start(LocalDateTime start, LocalDateTime now) {
        return start.format(start.toLocalDate().equals(now.toLocalDate()) ? TODAY : EARLIER);
    }
}
