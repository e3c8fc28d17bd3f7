package io.instancelock.gui.swing;

import java.awt.Component;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import javax.swing.JComponent;
import javax.swing.JLabel;
import javax.swing.JPanel;
import javax.swing.JSeparator;

/**
 * A section heading as IntelliJ-style forms and FlatLaf's demo have it: the title, then a separator
 * line to the right, then optional buttons; instead of an etched titled border around the section.
 */
public final class SectionTitle extends JPanel {

    private static final long serialVersionUID = 1L;

    private final JLabel label;

    /**
     * @param text the title
     * @param mnemonic the key that moves the focus to {@code target}, or 0
     * @param target the component the title is for, or {@code null}
     * @param trailing buttons shown after the separator
     */
    public SectionTitle(String text, int mnemonic, JComponent target, Component... trailing) {
        super(new GridBagLayout());
        label = new JLabel(text);
        label.putClientProperty("FlatLaf.styleClass", "h4");
        if (target != null) {
            label.setLabelFor(target);
            label.setDisplayedMnemonic(mnemonic);
        }
        GridBagConstraints c = new GridBagConstraints();
        c.gridy = 0;
        c.anchor = GridBagConstraints.LINE_START;
        add(label, c);
        c.fill = GridBagConstraints.HORIZONTAL;
        c.weightx = 1;
        c.insets = new Insets(0, 8, 0, trailing.length == 0 ? 0 : 8);
        add(new JSeparator(), c);
        c.fill = GridBagConstraints.NONE;
        c.weightx = 0;
        for (int i = 0; i < trailing.length; i++) {
            c.insets = new Insets(0, i == 0 ? 0 : 6, 0, 0);
            add(trailing[i], c);
        }
    }

    /** Changes the title's text. */
    public void setText(String text) {
        label.setText(text);
    }

    /** The title's text. */
    public String getText() {
        return label.getText();
    }
}
