package io.instancelock.gui;

import java.util.function.ToIntFunction;

/**
 * Shortens text in the middle, so that both the start of a long account name and its end (where the
 * distinguishing part, such as the id, usually is) stay visible.
 */
public final class MiddleCut {

    /** The mark put where text was cut out. */
    public static final String MARK = "…";

    private MiddleCut() {}

    /** The text cut to at most {@code max} characters (the mark included). */
    public static String toLength(String text, int max) {
        return fit(text, max, String::length);
    }

    /**
     * The text cut so that {@code width} of it is at most {@code max}, e.g. pixels measured with a
     * font; the head gets the extra character when the two halves cannot be equal.
     */
    public static String fit(String text, int max, ToIntFunction<String> width) {
        if (width.applyAsInt(text) <= max) {
            return text;
        }
        int keep = text.length() - 1;
        while (keep > 0) {
            String cut = cut(text, keep);
            if (width.applyAsInt(cut) <= max) {
                return cut;
            }
            keep--;
        }
        return MARK;
    }

    /**
     * An account name with its id appended, cut in the name only: the id always stays whole, e.g.
     * {@code Evaluation acc…ar 2025 · 123456}.
     */
    public static String nameWithId(String name, String id, int max, ToIntFunction<String> width) {
        String suffix = name.equals(id) ? "" : " · " + id;
        if (suffix.isEmpty()) {
            return fit(name, max, width);
        }
        int room = max - width.applyAsInt(suffix);
        return fit(name, Math.max(room, width.applyAsInt(MARK)), width) + suffix;
    }

    private static String cut(String text, int keep) {
        int head = (keep + 1) / 2;
        int tail = keep - head;
        return text.substring(0, head).stripTrailing()
                + MARK
                + text.substring(text.length() - tail).stripLeading();
    }
}
