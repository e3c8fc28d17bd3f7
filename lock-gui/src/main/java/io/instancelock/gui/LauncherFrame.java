package io.instancelock.gui;

import io.instancelock.gui.LauncherState.AccountChoice;
import io.instancelock.gui.LauncherState.LockRow;
import java.awt.BorderLayout;
import java.awt.Component;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.event.KeyEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.DefaultComboBoxModel;
import javax.swing.DefaultListCellRenderer;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.AbstractTableModel;
import javax.swing.text.BadLocationException;

/** The launcher window: only wires widgets to the {@link LauncherPresenter}. Create it on the event thread. */
public final class LauncherFrame extends JFrame implements LauncherView {

    private static final long serialVersionUID = 1L;
    /** The window title. */
    public static final String TITLE = "instance-lock launcher";

    private static final int REFRESH_MILLIS = 2000;
    private static final int MAX_LOG_LINES = 5000;

    private final transient LauncherPresenter presenter;
    private final transient Runnable onClosed;
    private final JTextField broker = new JTextField(24);
    private final DefaultComboBoxModel<Account> accountModel = new DefaultComboBoxModel<>();
    private final JComboBox<Account> account = new JComboBox<>(accountModel);
    private final DefaultComboBoxModel<String> strategyModel = new DefaultComboBoxModel<>();
    private final JComboBox<String> strategy = new JComboBox<>(strategyModel);
    private final JButton start = new JButton("Start Bot");
    private final JButton stop = new JButton("Stop Bot");
    private final JLabel status = new JLabel(" ");
    private final JTextArea log = new JTextArea(14, 80);
    private final LockTableModel lockModel = new LockTableModel();
    private final JTable lockTable = new JTable(lockModel);
    private final JScrollPane lockScroll = new JScrollPane(lockTable);
    private final Timer refreshTimer;
    private final Map<Account, String> usage = new HashMap<>();
    private boolean updating;

    /**
     * @param presenter decides what happens
     * @param onClosed runs after the window has been disposed (ends the program in production)
     */
    public LauncherFrame(LauncherPresenter presenter, Runnable onClosed) {
        super(TITLE);
        this.presenter = presenter;
        this.onClosed = onClosed;
        setDefaultCloseOperation(WindowConstants.DO_NOTHING_ON_CLOSE);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                presenter.requestClose();
            }
        });
        name();
        setContentPane(layoutContent());
        wire();
        getRootPane().setDefaultButton(start);
        pack();
        setMinimumSize(new Dimension(getWidth() * 2 / 3, getHeight() * 2 / 3));
        setLocationByPlatform(true);
        refreshTimer = new Timer(REFRESH_MILLIS, e -> presenter.refresh());
    }

    /** Shows the window and starts refreshing the lock table. */
    public void open() {
        setVisible(true);
        refreshTimer.start();
    }

    private void name() {
        broker.setName("broker");
        account.setName("account");
        strategy.setName("strategy");
        start.setName("start");
        stop.setName("stop");
        status.setName("status");
        log.setName("log");
        lockTable.setName("locks");
        start.setMnemonic(KeyEvent.VK_S);
        stop.setMnemonic(KeyEvent.VK_T);
        log.setEditable(false);
        log.setLineWrap(true);
        log.setFont(new Font(Font.MONOSPACED, Font.PLAIN, log.getFont().getSize()));
        lockTable.setFillsViewportHeight(true);
        lockTable.setAutoCreateRowSorter(true);
        int[] widths = {7, 5, 6, 9, 15, 20};
        int em = lockTable.getFontMetrics(lockTable.getFont()).charWidth('m');
        for (int i = 0; i < widths.length; i++) {
            lockTable.getColumnModel().getColumn(i).setPreferredWidth(widths[i] * em);
        }
        lockTable.setPreferredScrollableViewportSize(
                new Dimension(log.getPreferredSize().width, lockTable.getRowHeight() * 6));
        account.setRenderer(new DefaultListCellRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Component getListCellRendererComponent(
                    JList<?> list, Object value, int index, boolean isSelected, boolean cellHasFocus) {
                Object text = value instanceof Account choice
                        ? new AccountChoice(choice, usage.getOrDefault(choice, "")).label()
                        : value;
                return super.getListCellRendererComponent(list, text, index, isSelected, cellHasFocus);
            }
        });
    }

    private JComponent layoutContent() {
        JPanel form = new JPanel(new GridBagLayout());
        addRow(form, 0, "Broker user:", KeyEvent.VK_B, broker);
        addRow(form, 1, "Account:", KeyEvent.VK_A, account);
        addRow(form, 2, "Strategy:", KeyEvent.VK_G, strategy);
        JPanel buttons = new JPanel(new java.awt.FlowLayout(java.awt.FlowLayout.LEADING, 8, 0));
        buttons.add(start);
        buttons.add(stop);
        GridBagConstraints c = constraints(1, 3);
        c.insets = new Insets(8, 0, 4, 0);
        c.anchor = GridBagConstraints.LINE_START;
        form.add(buttons, c);

        JPanel top = new JPanel(new BorderLayout(0, 6));
        top.add(form, BorderLayout.CENTER);
        top.add(status, BorderLayout.SOUTH);

        JScrollPane logScroll = new JScrollPane(log);
        logScroll.setBorder(BorderFactory.createTitledBorder("Bot output"));
        lockScroll.setBorder(BorderFactory.createTitledBorder("Locks"));
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, logScroll, lockScroll);
        split.setResizeWeight(0.65);

        JPanel content = new JPanel(new BorderLayout(0, 8));
        content.setBorder(BorderFactory.createEmptyBorder(12, 12, 12, 12));
        content.add(top, BorderLayout.NORTH);
        content.add(split, BorderLayout.CENTER);
        return content;
    }

    private static void addRow(JPanel form, int row, String text, int mnemonic, JComponent field) {
        JLabel label = new JLabel(text);
        label.setDisplayedMnemonic(mnemonic);
        label.setLabelFor(field);
        GridBagConstraints c = constraints(0, row);
        c.anchor = GridBagConstraints.LINE_END;
        c.insets = new Insets(3, 0, 3, 8);
        form.add(label, c);
        c = constraints(1, row);
        c.anchor = GridBagConstraints.LINE_START;
        c.insets = new Insets(3, 0, 3, 0);
        c.fill = GridBagConstraints.HORIZONTAL;
        c.weightx = 1;
        form.add(field, c);
    }

    private static GridBagConstraints constraints(int x, int y) {
        GridBagConstraints c = new GridBagConstraints();
        c.gridx = x;
        c.gridy = y;
        return c;
    }

    private void wire() {
        start.addActionListener(e -> presenter.start());
        stop.addActionListener(e -> presenter.stop());
        account.addActionListener(e -> {
            if (!updating && account.getSelectedItem() instanceof Account chosen) {
                presenter.selectAccount(chosen.id());
            }
        });
        strategy.addActionListener(e -> {
            if (!updating && strategy.getSelectedItem() instanceof String chosen) {
                presenter.selectStrategy(chosen);
            }
        });
        broker.getDocument().addDocumentListener(new DocumentListener() {
            @Override
            public void insertUpdate(DocumentEvent e) {
                changed();
            }

            @Override
            public void removeUpdate(DocumentEvent e) {
                changed();
            }

            @Override
            public void changedUpdate(DocumentEvent e) {
                changed();
            }

            private void changed() {
                if (!updating) {
                    presenter.editBroker(broker.getText());
                }
            }
        });
    }

    @Override
    public void render(LauncherState state) {
        updating = true;
        try {
            if (accountModel.getSize() != state.accounts().size()) {
                accountModel.removeAllElements();
                state.accounts().forEach(choice -> accountModel.addElement(choice.account()));
                state.strategies().forEach(strategyModel::addElement);
            }
            usage.clear();
            state.accounts().forEach(choice -> usage.put(choice.account(), choice.usage()));
            state.accounts().stream()
                    .map(AccountChoice::account)
                    .filter(a -> a.id().equals(state.selected()))
                    .findFirst()
                    .ifPresent(a -> {
                        if (account.getSelectedItem() != a) {
                            account.setSelectedItem(a);
                        }
                    });
            if (!state.strategy().equals(strategy.getSelectedItem())) {
                strategy.setSelectedItem(state.strategy());
            }
            if (!broker.getText().equals(state.broker()) && !broker.isFocusOwner()) {
                broker.setText(state.broker());
            }
            broker.setEnabled(state.canStart());
            account.setEnabled(state.canStart());
            strategy.setEnabled(state.canStart());
            start.setEnabled(state.canStart());
            stop.setEnabled(state.canStop());
            status.setText(state.status());
            lockScroll.setBorder(BorderFactory.createTitledBorder("Locks in " + state.lockLocation()));
            lockModel.show(state.locks());
            account.repaint();
        } finally {
            updating = false;
        }
    }

    @Override
    public void appendLog(String line) {
        log.append(line + "\n");
        int excess = log.getLineCount() - MAX_LOG_LINES;
        if (excess > 0) {
            try {
                log.replaceRange("", 0, log.getLineEndOffset(excess - 1));
            } catch (BadLocationException e) {
                log.setText("");
            }
        }
        log.setCaretPosition(log.getDocument().getLength());
    }

    @Override
    public void showError(String title, String message) {
        JOptionPane.showMessageDialog(this, message, title, JOptionPane.ERROR_MESSAGE);
    }

    @Override
    public boolean confirm(String title, String question) {
        return JOptionPane.showConfirmDialog(
                        this, question, title, JOptionPane.YES_NO_OPTION, JOptionPane.WARNING_MESSAGE)
                == JOptionPane.YES_OPTION;
    }

    @Override
    public void close() {
        refreshTimer.stop();
        dispose();
        onClosed.run();
    }

    /** The lock table's rows. */
    private static final class LockTableModel extends AbstractTableModel {
        private static final long serialVersionUID = 1L;
        private transient List<LockRow> rows = List.of();

        void show(List<LockRow> newRows) {
            if (!newRows.equals(rows)) {
                rows = newRows;
                fireTableDataChanged();
            }
        }

        @Override
        public int getRowCount() {
            return rows.size();
        }

        @Override
        public int getColumnCount() {
            return LockRow.COLUMNS.size();
        }

        @Override
        public String getColumnName(int column) {
            return LockRow.COLUMNS.get(column);
        }

        @Override
        public Object getValueAt(int row, int column) {
            return rows.get(row).column(column);
        }
    }
}
