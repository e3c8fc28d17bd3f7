package io.instancelock.gui.swing;

import io.instancelock.gui.LauncherState.LockRow;
import io.instancelock.gui.MiddleCut;
import java.awt.Component;
import java.awt.FontMetrics;
import java.awt.Insets;
import java.util.function.IntFunction;
import javax.swing.JTable;
import javax.swing.table.DefaultTableCellRenderer;

/** The lock table's account column: the name cut in the middle to the column's width, the id kept whole. */
public final class AccountCellRenderer extends DefaultTableCellRenderer {

    private static final long serialVersionUID = 1L;

    private final transient IntFunction<LockRow> rowAt;

    /** @param rowAt the row at a model index */
    public AccountCellRenderer(IntFunction<LockRow> rowAt) {
        this.rowAt = rowAt;
    }

    @Override
    public Component getTableCellRendererComponent(
            JTable table, Object value, boolean isSelected, boolean hasFocus, int row, int column) {
        super.getTableCellRendererComponent(table, value, isSelected, hasFocus, row, column);
        LockRow lock = rowAt.apply(table.convertRowIndexToModel(row));
        FontMetrics metrics = getFontMetrics(getFont());
        Insets insets = getInsets();
        int room = table.getColumnModel().getColumn(column).getWidth() - insets.left - insets.right - 2;
        setText(MiddleCut.nameWithId(lock.name(), lock.id().value(), room, metrics::stringWidth));
        setToolTipText(lock.account());
        return this;
    }
}
