package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.gui.LauncherState.LockRow;
import io.instancelock.gui.swing.AccountCellRenderer;
import io.instancelock.gui.swing.AccountListRenderer;
import io.instancelock.gui.swing.BadgeRenderer;
import io.instancelock.gui.swing.Dialogs;
import io.instancelock.gui.swing.HealthBanner;
import io.instancelock.gui.swing.SectionTitle;
import io.instancelock.gui.swing.StateIcon;
import java.awt.BorderLayout;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.GridBagConstraints;
import java.awt.GridBagLayout;
import java.awt.Insets;
import java.awt.KeyboardFocusManager;
import java.awt.Rectangle;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.swing.BorderFactory;
import javax.swing.Box;
import javax.swing.BoxLayout;
import javax.swing.ButtonGroup;
import javax.swing.DefaultComboBoxModel;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JComponent;
import javax.swing.JFrame;
import javax.swing.JLabel;
import javax.swing.JMenu;
import javax.swing.JMenuBar;
import javax.swing.JOptionPane;
import javax.swing.JPanel;
import javax.swing.JPopupMenu;
import javax.swing.JRadioButtonMenuItem;
import javax.swing.JScrollPane;
import javax.swing.JSplitPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.JTextField;
import javax.swing.ListSelectionModel;
import javax.swing.SwingUtilities;
import javax.swing.Timer;
import javax.swing.WindowConstants;
import javax.swing.event.DocumentEvent;
import javax.swing.event.DocumentListener;
import javax.swing.table.AbstractTableModel;
import javax.swing.text.BadLocationException;

/** The launcher window: only wires widgets to the {@link LauncherPresenter}. Create it on the event thread. */
public final class LauncherFrame extends JFrame implements LauncherView {

    private static final long serialVersionUID = 1L;
    /** The window title until the first state is shown. */
    public static final String TITLE = "instance-lock launcher";

    /** Uptimes and ages move on once a second; the locks are watched, not polled, from here. */
    private static final int TICK_MILLIS = 1000;

    private static final int MAX_LOG_LINES = 5000;
    /** The form does not stretch across a wide window: fields of that width read badly. */
    private static final int FORM_MAX_EM = 44;

    private final transient LauncherPresenter presenter;
    private final transient Runnable onClosed;
    private final JTextField broker = new JTextField(24);
    private final JButton changeBroker = new JButton("Change…");
    private final DefaultComboBoxModel<Account> accountModel = new DefaultComboBoxModel<>();
    private final JComboBox<Account> account = new JComboBox<>(accountModel);
    private final DefaultComboBoxModel<String> strategyModel = new DefaultComboBoxModel<>();
    private final JComboBox<String> strategy = new JComboBox<>(strategyModel);
    private final JButton start = new JButton("Start Bot");
    private final JButton stop = new JButton("Stop Bot");
    private final JButton restart = new JButton("Restart");
    private final HealthBanner banner = new HealthBanner(restart);
    private final JTextArea log = new JTextArea(14, 80);
    private final LockTableModel lockModel = new LockTableModel();
    private final JTable lockTable = new LockTable(lockModel);
    private final JButton stopHolder = new JButton("Stop…");
    private final JButton clean = new JButton("Clean");
    private final SectionTitle locksTitle = new SectionTitle("Locks", KeyEvent.VK_L, lockTable, stopHolder, clean);
    private final Map<String, JRadioButtonMenuItem> themeItems = new HashMap<>();
    private final Timer ticker;
    private final Map<Account, String> usage = new HashMap<>();
    private boolean updating;
    private Tone iconTone;
    /** Where the window was last closed on this lock directory, or {@code null}. */
    private Rectangle restored;

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

            @Override
            public void windowOpened(WindowEvent e) {
                // The first thing to pick is the account; the broker field above it is read-only.
                account.requestFocusInWindow();
            }
        });
        configure();
        setJMenuBar(menu());
        setContentPane(layoutContent());
        wire();
        updateRowActions();
        pack();
        setMinimumSize(new Dimension(getWidth() * 2 / 3, getHeight() * 2 / 3));
        int em = lockTable.getFontMetrics(lockTable.getFont()).charWidth('m');
        setSize(Math.max(getWidth(), 78 * em), getHeight());
        place();
        ticker = new Timer(TICK_MILLIS, e -> presenter.tick());
    }

    /** Shows the window and starts the clock that moves uptimes and ages on. */
    public void open() {
        setVisible(true);
        if (restored != null) {
            // Some window managers (and X without one) place a new window themselves when it is first
            // shown; where it was last closed is what the user asked for.
            setBounds(restored);
        }
        ticker.start();
    }

    private void configure() {
        broker.setName("broker");
        changeBroker.setName("changeBroker");
        account.setName("account");
        strategy.setName("strategy");
        start.setName("start");
        stop.setName("stop");
        restart.setName("restart");
        log.setName("log");
        lockTable.setName("locks");
        stopHolder.setName("stopHolder");
        clean.setName("clean");
        changeBroker.setMnemonic(KeyEvent.VK_C);
        start.setMnemonic(KeyEvent.VK_S);
        stop.setMnemonic(KeyEvent.VK_T);
        restart.setMnemonic(KeyEvent.VK_R);
        stopHolder.setMnemonic(KeyEvent.VK_O);
        clean.setMnemonic(KeyEvent.VK_N);
        changeBroker.setToolTipText("The broker user comes from the accounts file; change it for this start only");
        stopHolder.setToolTipText("Ask the selected lock's holder on this computer to end, as lockctl stop does");
        clean.setToolTipText("Remove the selected stale lock");
        broker.setEditable(false);
        log.setEditable(false);
        log.setLineWrap(true);
        log.setFont(new Font(Font.MONOSPACED, Font.PLAIN, log.getFont().getSize()));
        // Read-only, but it is the bot's live output: it must not look disabled.
        log.putClientProperty("FlatLaf.style", "inactiveBackground: $TextArea.background");
        // Tab moves on to the next control instead of being swallowed by the text or the table.
        for (JComponent component : List.of(log, lockTable)) {
            component.setFocusTraversalKeys(KeyboardFocusManager.FORWARD_TRAVERSAL_KEYS, null);
            component.setFocusTraversalKeys(KeyboardFocusManager.BACKWARD_TRAVERSAL_KEYS, null);
        }
        account.setRenderer(new AccountListRenderer(account, choice -> usage.getOrDefault(choice, "")));
        account.setPrototypeDisplayValue(new Account(AccountId.of("000000"), "n".repeat(34), ""));
        configureTable();
    }

    private void configureTable() {
        lockTable.setFillsViewportHeight(true);
        lockTable.setAutoCreateRowSorter(true);
        lockTable.setSelectionMode(ListSelectionModel.SINGLE_SELECTION);
        lockTable.setShowVerticalLines(false);
        int em = lockTable.getFontMetrics(lockTable.getFont()).charWidth('m');
        lockTable.setRowHeight(lockTable.getFontMetrics(lockTable.getFont()).getHeight() + 10);
        int[] widths = {22, 20, 10, 12, 5};
        for (int i = 0; i < widths.length; i++) {
            lockTable.getColumnModel().getColumn(i).setPreferredWidth(widths[i] * em);
        }
        lockTable.getColumnModel().getColumn(0).setCellRenderer(new AccountCellRenderer(lockModel::row));
        lockTable
                .getColumnModel()
                .getColumn(1)
                .setCellRenderer(
                        new BadgeRenderer(row -> lockModel.row(row).place().tone()));
        lockTable.setPreferredScrollableViewportSize(
                new Dimension(log.getPreferredSize().width, lockTable.getRowHeight() * 5));
        JPopupMenu rowMenu = new JPopupMenu();
        rowMenu.add("Stop…").addActionListener(e -> stopSelectedHolder());
        rowMenu.add("Clean").addActionListener(e -> cleanSelected());
        lockTable.setComponentPopupMenu(rowMenu);
    }

    private JMenuBar menu() {
        JMenu view = new JMenu("View");
        view.setMnemonic(KeyEvent.VK_V);
        ButtonGroup group = new ButtonGroup();
        String[][] themes = {
            {"system", "Follow System Theme", "Y"}, {"light", "Light Theme", "L"}, {"dark", "Dark Theme", "D"}
        };
        for (String[] theme : themes) {
            JRadioButtonMenuItem item = new JRadioButtonMenuItem(theme[1]);
            item.setName("theme." + theme[0]);
            item.setMnemonic(theme[2].charAt(0));
            item.addActionListener(e -> presenter.chooseTheme(theme[0]));
            group.add(item);
            view.add(item);
            themeItems.put(theme[0], item);
        }
        JMenuBar bar = new JMenuBar();
        bar.add(view);
        return bar;
    }

    private JComponent layoutContent() {
        JPanel form = new JPanel(new GridBagLayout());
        JPanel brokerRow = new JPanel(new BorderLayout(6, 0));
        brokerRow.add(broker, BorderLayout.CENTER);
        brokerRow.add(changeBroker, BorderLayout.LINE_END);
        addRow(form, 0, "Broker user:", KeyEvent.VK_B, brokerRow, broker);
        addRow(form, 1, "Account:", KeyEvent.VK_A, account, account);
        addRow(form, 2, "Strategy:", KeyEvent.VK_G, strategy, strategy);
        JPanel buttons = new JPanel(new java.awt.FlowLayout(java.awt.FlowLayout.LEADING, 0, 0));
        buttons.add(start);
        buttons.add(Box.createHorizontalStrut(8));
        buttons.add(stop);
        GridBagConstraints c = constraints(1, 3);
        c.insets = new Insets(8, 0, 0, 0);
        c.anchor = GridBagConstraints.LINE_START;
        form.add(buttons, c);
        int em = form.getFontMetrics(form.getFont()).charWidth('m');
        form.setMaximumSize(new Dimension(FORM_MAX_EM * em, form.getPreferredSize().height));
        form.setAlignmentY(0);
        JPanel formRow = new JPanel();
        formRow.setLayout(new BoxLayout(formRow, BoxLayout.LINE_AXIS));
        formRow.add(form);
        formRow.add(Box.createHorizontalGlue());

        JPanel top = new JPanel(new BorderLayout(0, 10));
        top.add(banner, BorderLayout.NORTH);
        top.add(formRow, BorderLayout.CENTER);

        JPanel output = new JPanel(new BorderLayout(0, 4));
        output.add(new SectionTitle("Bot output", KeyEvent.VK_U, log), BorderLayout.NORTH);
        output.add(new JScrollPane(log), BorderLayout.CENTER);
        JPanel lockList = new JPanel(new BorderLayout(0, 4));
        lockList.setBorder(BorderFactory.createEmptyBorder(6, 0, 0, 0));
        lockList.add(locksTitle, BorderLayout.NORTH);
        lockList.add(new JScrollPane(lockTable), BorderLayout.CENTER);
        JSplitPane split = new JSplitPane(JSplitPane.VERTICAL_SPLIT, output, lockList);
        split.setResizeWeight(0.6);
        split.setBorder(null);
        split.setContinuousLayout(true);

        JPanel content = new JPanel(new BorderLayout(0, 12));
        content.setBorder(BorderFactory.createEmptyBorder(10, 12, 12, 12));
        content.add(top, BorderLayout.NORTH);
        content.add(split, BorderLayout.CENTER);
        return content;
    }

    private static void addRow(JPanel form, int row, String text, int mnemonic, JComponent field, JComponent target) {
        JLabel label = new JLabel(text);
        label.setDisplayedMnemonic(mnemonic);
        label.setLabelFor(target);
        GridBagConstraints c = constraints(0, row);
        c.anchor = GridBagConstraints.LINE_START;
        c.insets = new Insets(3, 0, 3, 12);
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
        restart.addActionListener(e -> presenter.restart());
        changeBroker.addActionListener(e -> presenter.changeBroker());
        stopHolder.addActionListener(e -> stopSelectedHolder());
        clean.addActionListener(e -> cleanSelected());
        lockTable.getSelectionModel().addListSelectionListener(e -> updateRowActions());
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

    /** Puts the window where it was last closed, if that is still on a screen; else where the platform likes. */
    private void place() {
        restored = presenter
                .rememberedBounds()
                .map(b -> new Rectangle(b.x(), b.y(), b.width(), b.height()))
                .filter(LauncherFrame::onScreen)
                .orElse(null);
        if (restored != null) {
            setBounds(restored);
        } else {
            setLocationByPlatform(true);
        }
    }

    private static boolean onScreen(Rectangle bounds) {
        for (var device : GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices()) {
            Rectangle visible = device.getDefaultConfiguration().getBounds().intersection(bounds);
            if (visible.width >= 100 && visible.height >= 60) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void render(LauncherState state) {
        updating = true;
        try {
            Theme.apply(state.theme());
            themeItems.get(state.theme()).setSelected(true);
            if (!state.title().equals(getTitle())) {
                setTitle(state.title());
            }
            if (state.health().tone() != iconTone) {
                iconTone = state.health().tone();
                setIconImages(StateIcon.of(iconTone));
            }
            if (accountModel.getSize() != state.accounts().size()) {
                accountModel.removeAllElements();
                state.accounts().forEach(choice -> accountModel.addElement(choice.account()));
                state.strategies().forEach(strategyModel::addElement);
            }
            usage.clear();
            state.accounts().forEach(choice -> usage.put(choice.account(), choice.usage()));
            state.accounts().stream()
                    .map(LauncherState.AccountChoice::account)
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
            if (!broker.getText().equals(state.broker()) && !(state.brokerEditable() && broker.isFocusOwner())) {
                broker.setText(state.broker());
            }
            broker.setEditable(state.canStart() && state.brokerEditable());
            changeBroker.setEnabled(state.canStart() && !state.brokerEditable());
            account.setEnabled(state.canStart());
            strategy.setEnabled(state.canStart());
            start.setEnabled(state.canStart());
            stop.setEnabled(state.canStop());
            // A disabled default button is still drawn emphasised (bold, accent border in dark mode).
            getRootPane().setDefaultButton(state.canStart() ? start : null);
            banner.show(state.health().tone(), state.headline(), state.status(), state.canRestart());
            locksTitle.setText("Locks in " + state.lockLocation());
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
    public boolean ask(Question question) {
        return Dialogs.ask(this, question);
    }

    @Override
    public Refusal.Choice showRefusal(Refusal refusal) {
        return Dialogs.refusal(this, refusal);
    }

    @Override
    public void focus(Focus target) {
        JComponent component = switch (target) {
            case ACCOUNTS -> account;
            case STOP -> stop;
            case START -> start;
            case BROKER -> broker;
        };
        if (target == Focus.BROKER) {
            broker.selectAll();
        }
        if (isFocused()) {
            component.requestFocusInWindow();
        } else {
            // Right after one of our modal dialogs: the window gets the focus back only later, or
            // (without a window manager) not at all. The focus belongs back in this window.
            SwingUtilities.invokeLater(component::requestFocus);
        }
    }

    @Override
    public void close() {
        ticker.stop();
        if ((getExtendedState() & MAXIMIZED_BOTH) == 0) {
            Rectangle bounds = getBounds();
            presenter.rememberBounds(new LauncherPrefs.Bounds(bounds.x, bounds.y, bounds.width, bounds.height));
        }
        dispose();
        onClosed.run();
    }

    private LockRow selectedRow() {
        int row = lockTable.getSelectedRow();
        return row < 0 ? null : lockModel.row(lockTable.convertRowIndexToModel(row));
    }

    private void updateRowActions() {
        LockRow row = selectedRow();
        stopHolder.setEnabled(row != null && row.canStop());
        clean.setEnabled(row != null && row.canClean());
    }

    private void stopSelectedHolder() {
        LockRow row = selectedRow();
        if (row != null && row.canStop()) {
            presenter.stopHolder(row.id());
        }
    }

    private void cleanSelected() {
        LockRow row = selectedRow();
        if (row != null && row.canClean()) {
            presenter.clean(row.id());
        }
    }

    /** The lock table, with each row's full reason as its tooltip. */
    private static final class LockTable extends JTable {
        private static final long serialVersionUID = 1L;

        LockTable(LockTableModel model) {
            super(model);
        }

        @Override
        public String getToolTipText(MouseEvent event) {
            int row = rowAtPoint(event.getPoint());
            if (row < 0) {
                return null;
            }
            LockRow lock = ((LockTableModel) getModel()).row(convertRowIndexToModel(row));
            return "<html>" + html(lock.account()) + "<br>" + html(lock.explanation()) + "</html>";
        }

        /** Text from lock files is shown as text, never interpreted as markup. */
        private static String html(String text) {
            return text.replace("&", "&amp;")
                    .replace("<", "&lt;")
                    .replace(">", "&gt;")
                    .replace("\n", "<br>");
        }
    }

    /** The lock table's rows; the selection stays on its account across updates. */
    private final class LockTableModel extends AbstractTableModel {
        private static final long serialVersionUID = 1L;
        private transient List<LockRow> rows = List.of();

        void show(List<LockRow> newRows) {
            if (newRows.equals(rows)) {
                return;
            }
            LockRow before = selectedRow();
            rows = newRows;
            fireTableDataChanged();
            if (before != null) {
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.get(i).id().equals(before.id())) {
                        int view = lockTable.convertRowIndexToView(i);
                        lockTable.getSelectionModel().setSelectionInterval(view, view);
                    }
                }
            }
            updateRowActions();
        }

        LockRow row(int index) {
            return rows.get(index);
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
