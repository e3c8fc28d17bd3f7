package io.instancelock.gui.swing;

import io.instancelock.gui.Account;
import io.instancelock.gui.MiddleCut;
import java.awt.Component;
import java.awt.FontMetrics;
import java.awt.Insets;
import java.util.function.Function;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JComboBox;
import javax.swing.JList;

/**
 * Shows an account in the drop-down as its name, its id and its usage mark, e.g. {@code Combine 50K -
 * $50,000.00 · 100001  (in use)}; a name too long for the box is cut in the middle, never the id or
 * the mark.
 */
public final class AccountListRenderer extends DefaultListCellRenderer {

    private static final long serialVersionUID = 1L;

    private final JComboBox<?> box;
    private final transient Function<Account, String> usage;

    /**
     * @param box the drop-down, whose width the text is fitted to (its list pops up as wide)
     * @param usage the mark of an account, empty when free
     */
    public AccountListRenderer(JComboBox<?> box, Function<Account, String> usage) {
        this.box = box;
        this.usage = usage;
    }

    @Override
    public Component getListCellRendererComponent(
            JList<?> list, Object value, int index, boolean isSelected, boolean cellHasFocus) {
        Object text = value;
        if (value instanceof Account account) {
            String mark = usage.apply(account);
            String suffix = mark.isEmpty() ? "" : "  (" + mark + ")";
            FontMetrics metrics = list.getFontMetrics(list.getFont());
            Insets insets = box.getInsets();
            // The box is 0 wide while its preferred size is computed: nothing is cut then.
            int room = box.getWidth() <= 0
                    ? Integer.MAX_VALUE
                    : box.getWidth() - insets.left - insets.right - box.getHeight() - 12;
            text = MiddleCut.nameWithId(
                            account.name(),
                            account.id().value(),
                            room - metrics.stringWidth(suffix),
                            metrics::stringWidth)
                    + suffix;
        }
        super.getListCellRendererComponent(list, text, index, isSelected, cellHasFocus);
        if (value instanceof Account account) {
            setToolTipText(account.name() + " (account " + account.id() + ")");
        }
        return this;
    }
}
