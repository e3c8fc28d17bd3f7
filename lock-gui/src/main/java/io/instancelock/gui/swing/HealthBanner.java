package io.instancelock.gui.swing;

import io.instancelock.gui.Tone;
import java.awt.BorderLayout;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import javax.swing.BorderFactory;
import javax.swing.JButton;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.UIManager;

/**
 * The bot's health at the top of the window: a coloured dot and headline (e.g. "Running since 14:30
 * (12m)"), what just happened under it, and Restart after a crash. The whole banner is tinted with the
 * state's colour, so that a crashed bot cannot be mistaken for an idle window.
 */
public final class HealthBanner extends JPanel {

    private static final long serialVersionUID = 1L;
    private static final int ARC = 10;

    private final Dot dot = new Dot();
    private final JLabel headline = new JLabel(" ");
    private final JLabel detail = new JLabel(" ");
    private final JButton restart;
    private Tone tone = Tone.NEUTRAL;

    /** @param restart the Restart button, shown only when a restart is offered */
    public HealthBanner(JButton restart) {
        super(new BorderLayout(10, 0));
        this.restart = restart;
        setOpaque(false);
        setBorder(BorderFactory.createEmptyBorder(8, 12, 8, 12));
        headline.setName("headline");
        headline.putClientProperty("FlatLaf.styleClass", "h3");
        detail.setName("status");
        JPanel text = new JPanel(new BorderLayout(0, 2));
        text.setOpaque(false);
        text.add(headline, BorderLayout.NORTH);
        text.add(detail, BorderLayout.CENTER);
        JPanel dotBox = new JPanel(new BorderLayout());
        dotBox.setOpaque(false);
        dotBox.add(dot, BorderLayout.NORTH);
        add(dotBox, BorderLayout.LINE_START);
        add(text, BorderLayout.CENTER);
        JPanel actions = new JPanel(new BorderLayout());
        actions.setOpaque(false);
        actions.add(restart, BorderLayout.CENTER);
        add(actions, BorderLayout.LINE_END);
        restart.setVisible(false);
    }

    /** Shows a state. */
    public void show(Tone newTone, String newHeadline, String newDetail, boolean canRestart) {
        tone = newTone;
        headline.setText(newHeadline);
        detail.setText(newDetail);
        restart.setVisible(canRestart);
        repaint();
    }

    @Override
    protected void paintComponent(Graphics g) {
        Graphics2D g2 = (Graphics2D) g.create();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            Color background = UIManager.getColor("Panel.background");
            boolean dark = background != null && brightness(background) < 0.5;
            Color base = background != null ? background : getBackground();
            double amount = tone == Tone.NEUTRAL ? (dark ? 0.06 : 0.05) : (dark ? 0.22 : 0.13);
            g2.setColor(Palette.tint(tone, base, amount));
            g2.fillRoundRect(0, 0, getWidth() - 1, getHeight() - 1, ARC, ARC);
            g2.setColor(Palette.tint(tone, base, tone == Tone.NEUTRAL ? 0.25 : 0.55));
            g2.drawRoundRect(0, 0, getWidth() - 1, getHeight() - 1, ARC, ARC);
        } finally {
            g2.dispose();
        }
        super.paintComponent(g);
    }

    private static double brightness(Color color) {
        return (0.299 * color.getRed() + 0.587 * color.getGreen() + 0.114 * color.getBlue()) / 255;
    }

    /** The state's dot, as large as the headline's letters. */
    private final class Dot extends JComponent {
        private static final long serialVersionUID = 1L;

        @Override
        public Dimension getPreferredSize() {
            int size = headline.getFontMetrics(headline.getFont()).getAscent();
            return new Dimension(size, headline.getPreferredSize().height);
        }

        @Override
        protected void paintComponent(Graphics g) {
            Graphics2D g2 = (Graphics2D) g.create();
            try {
                g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
                int size = Math.min(getWidth(), getHeight()) * 2 / 3;
                g2.setColor(Palette.of(tone));
                g2.fillOval((getWidth() - size) / 2, (getHeight() - size) / 2, size, size);
            } finally {
                g2.dispose();
            }
        }
    }
}
