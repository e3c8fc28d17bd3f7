package io.instancelock.gui.swing;

import io.instancelock.gui.Tone;
import java.awt.Color;
import javax.swing.UIManager;

/** The colours of the current theme for each tone; read at paint time, so a theme switch applies at once. */
public final class Palette {

    private Palette() {}

    /** The tone's own colour: FlatLaf's action colours, which both its light and dark themes define. */
    public static Color of(Tone tone) {
        return switch (tone) {
            case GOOD -> color("Actions.Green", new Color(0x59A869));
            case BUSY -> color("Actions.Yellow", new Color(0xEDA200));
            case INFO -> color("Actions.Blue", new Color(0x389FD6));
            case WARNING -> color("Actions.Yellow", new Color(0xEDA200));
            case DANGER -> color("Actions.Red", new Color(0xDB5860));
            case NEUTRAL -> color("Actions.Grey", new Color(0x6E6E6E));
        };
    }

    /** A background tinted with the tone, faint enough for text in the theme's foreground colour. */
    public static Color tint(Tone tone, Color background, double amount) {
        return mix(background, of(tone), amount);
    }

    /** {@code a} moved towards {@code b} by {@code amount} (0 to 1). */
    public static Color mix(Color a, Color b, double amount) {
        return new Color(
                channel(a.getRed(), b.getRed(), amount),
                channel(a.getGreen(), b.getGreen(), amount),
                channel(a.getBlue(), b.getBlue(), amount));
    }

    private static int channel(int a, int b, double amount) {
        return (int) Math.round(a + (b - a) * amount);
    }

    private static Color color(String key, Color fallback) {
        Color color = UIManager.getColor(key);
        return color != null ? color : fallback;
    }
}
