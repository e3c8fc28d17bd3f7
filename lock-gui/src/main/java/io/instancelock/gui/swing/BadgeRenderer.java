package io.instancelock.gui.swing;

import io.instancelock.gui.Tone;
import java.awt.Color;
import java.awt.Component;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.function.IntFunction;
import javax.swing.BorderFactory;
import javax.swing.JTable;
import javax.swing.UIManager;
import javax.swing.table.DefaultTableCellRenderer;

/** A table cell shown as a coloured badge: a rounded, tinted background behind the text. */
public final class BadgeRenderer extends DefaultTableCellRenderer {

    private static final long serialVersionUID = 1L;

    private final transient IntFunction<Tone> toneOfRow;
    private Tone tone = Tone.NEUTRAL;

    /** @param toneOfRow the tone of a row, by model index */
    public BadgeRenderer(IntFunction<Tone> toneOfRow) {
        this.toneOfRow = toneOfRow;
    }

    @Override
    public Component getTableCellRendererComponent(
            JTable table, Object value, boolean isSelected, boolean hasFocus, int row, int column) {
        super.getTableCellRendererComponent(table, value, isSelected, hasFocus, row, column);
        tone = toneOfRow.apply(table.convertRowIndexToModel(row));
        setBorder(BorderFactory.createEmptyBorder(0, 10, 0, 8));
        setOpaque(isSelected);
        return this;
    }

    @Override
    protected void paintComponent(Graphics g) {
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            if (isOpaque()) {
                g2.setColor(getBackground());
                g2.fillRect(0, 0, getWidth(), getHeight());
            }
            Color base = UIManager.getColor("Table.background");
            int textWidth = getFontMetrics(getFont()).stringWidth(getText());
            int width = Math.min(getWidth() - 8, textWidth + 12);
            int height = getHeight() - 5;
            g2.setColor(Palette.tint(tone, base != null ? base : Color.WHITE, 0.25));
            g2.fillRoundRect(4, 2, width, height, height, height);
            g2.setColor(Palette.tint(tone, base != null ? base : Color.WHITE, 0.7));
            g2.drawRoundRect(4, 2, width, height, height, height);
        } finally {
            g2.dispose();
        }
        boolean opaque = isOpaque();
        setOpaque(false); // the badge is painted; the label only draws its text over it
        super.paintComponent(g);
        setOpaque(opaque);
    }
}
