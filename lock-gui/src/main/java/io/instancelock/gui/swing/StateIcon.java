package io.instancelock.gui.swing;

import io.instancelock.gui.Tone;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/** The window icon: a dot in the state's colour, so that the task bar shows each launcher's health too. */
public final class StateIcon {

    private static final int[] SIZES = {16, 24, 32, 48, 64};

    private StateIcon() {}

    /** The icon in every size a task bar may ask for. */
    public static List<Image> of(Tone tone) {
        Color color = Palette.of(tone);
        List<Image> images = new ArrayList<>();
        for (int size : SIZES) {
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            try {
                g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                int inset = Math.max(1, size / 8);
                g.setColor(color.darker());
                g.fillOval(inset, inset, size - 2 * inset, size - 2 * inset);
                g.setColor(color);
                int ring = Math.max(1, size / 16);
                g.fillOval(inset + ring, inset + ring, size - 2 * (inset + ring), size - 2 * (inset + ring));
            } finally {
                g.dispose();
            }
            images.add(image);
        }
        return images;
    }
}
