package io.instancelock.core;

/** Makes text from lock files safe to show in a terminal or a dialog. */
final class DisplayText {

    private DisplayText() {}

    /**
     * Replaces control characters (terminal escape sequences included) with {@code ?} and cuts the
     * text to {@code max} characters, so a hostile lock file cannot rewrite a user's screen.
     */
    static String safe(String text, int max) {
        if (text == null) {
            return "unknown";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        if (text.length() > max) {
            out.append('…');
        }
        return out.toString();
    }
}
