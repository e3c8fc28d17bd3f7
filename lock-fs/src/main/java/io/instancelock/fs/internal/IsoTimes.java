package io.instancelock.fs.internal;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Reads the times of a lock record: {@code 2025-11-09T14:30:00} (with or without a fraction of a
 * second) and, with a trailing {@code Z}, an instant. The shapes instance-lock and the older launcher
 * write are read by hand; anything else goes to {@code java.time}'s parser, which gives the same
 * values and the same errors. Its formatters cost a command-line tool milliseconds to set up, for the
 * one or two dates a lock file holds.
 */
final class IsoTimes {

    /** {@code yyyy-MM-ddTHH:mm:ss}, the part every fast shape starts with. */
    private static final int SECONDS_LENGTH = 19;

    private IsoTimes() {}

    /** As {@link LocalDateTime#parse(CharSequence)}. */
    static LocalDateTime localDateTime(String text) {
        LocalDateTime read = read(text, text.length());
        return read != null ? read : LocalDateTime.parse(text);
    }

    /** As {@link Instant#parse(CharSequence)}. */
    static Instant instant(String text) {
        int end = text.length() - 1;
        LocalDateTime read = end > 0 && text.charAt(end) == 'Z' ? read(text, end) : null;
        return read != null ? read.toInstant(ZoneOffset.UTC) : Instant.parse(text);
    }

    /** As {@link Instant#toString()}: {@code 2025-11-09T13:02:11.520Z}, the fraction in groups of three digits. */
    static String text(Instant instant) {
        LocalDateTime utc = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = utc.getYear();
        if (year < 1000 || year > 9999) {
            return instant.toString();
        }
        StringBuilder text = new StringBuilder(30);
        text.append(year).append('-');
        digits(text, utc.getMonthValue(), 2).append('-');
        digits(text, utc.getDayOfMonth(), 2).append('T');
        digits(text, utc.getHour(), 2).append(':');
        digits(text, utc.getMinute(), 2).append(':');
        digits(text, utc.getSecond(), 2);
        int nanos = instant.getNano();
        if (nanos > 0) {
            text.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(text, nanos / 1_000_000, 3);
            } else if (nanos % 1_000 == 0) {
                digits(text, nanos / 1_000, 6);
            } else {
                digits(text, nanos, 9);
            }
        }
        return text.append('Z').toString();
    }

    private static StringBuilder digits(StringBuilder text, int value, int width) {
        String number = Integer.toString(value);
        for (int i = number.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(number);
    }

    /**
     * {@code text[0, end)} as {@code yyyy-MM-ddTHH:mm:ss[.fraction]}, or null when it has another shape
     * or names no real time (the caller's parser then says why).
     */
    private static LocalDateTime read(String text, int end) {
        if (end < SECONDS_LENGTH
                || text.charAt(4) != '-'
                || text.charAt(7) != '-'
                || text.charAt(10) != 'T'
                || text.charAt(13) != ':'
                || text.charAt(16) != ':') {
            return null;
        }
        int nanos = 0;
        if (end > SECONDS_LENGTH) {
            int digits = end - SECONDS_LENGTH - 1;
            if (text.charAt(SECONDS_LENGTH) != '.' || digits < 1 || digits > 9) {
                return null;
            }
            int fraction = number(text, SECONDS_LENGTH + 1, end);
            if (fraction < 0) {
                return null;
            }
            nanos = fraction;
            for (int i = digits; i < 9; i++) {
                nanos *= 10;
            }
        }
        int year = number(text, 0, 4);
        int month = number(text, 5, 7);
        int day = number(text, 8, 10);
        int hour = number(text, 11, 13);
        int minute = number(text, 14, 16);
        int second = number(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The decimal number in {@code text[from, to)}, or -1 when it is not all ASCII digits. */
    private static int number(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
