package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.formdev.flatlaf.FlatLaf;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockState;
import io.instancelock.core.RefusalMessage;
import java.awt.Component;
import java.awt.KeyboardFocusManager;
import java.awt.Rectangle;
import java.awt.Window;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.awt.event.MouseEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.prefs.Preferences;
import javax.swing.JButton;
import javax.swing.JComboBox;
import javax.swing.JDialog;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JOptionPane;
import javax.swing.JTable;
import javax.swing.JTextArea;
import javax.swing.MenuSelectionManager;
import javax.swing.SwingUtilities;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.fixture.JOptionPaneFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real launcher window with a robot; needs a display (Xvfb in CI). */
class LauncherWindowTest {

    static final Account FIRST = AccountsConfig.demo().accounts().get(0);
    static final Account SECOND = AccountsConfig.demo().accounts().get(1);

    @TempDir
    Path dir;

    @TempDir
    Path work;

    private final TestClock clock = TestClock.startingNow();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<AutoCloseable> cleanUps = new ArrayList<>();
    private Preferences prefsNode;
    private AccountLocks locks;
    private AccountLocks others;
    private LauncherPresenter presenter;
    private Robot robot;
    private FrameFixture window;

    @BeforeAll
    static void needsADisplay() {
        NeedsDisplay.require(LauncherWindowTest.class);
        FailOnThreadViolationRepaintManager.install();
        GuiActionRunner.execute(() -> Theme.install("light"));
    }

    @BeforeEach
    void openLocks() {
        locks = AccountLocks.open(dir);
        others = AccountLocks.open(dir);
        prefsNode = Preferences.userRoot().node("io/instancelock/test/" + UUID.randomUUID());
    }

    /** Opens the window with this bot; {@code open(null)} for the demo bot. */
    private void open(BotCommand bot) {
        AccountsConfig config =
                bot == null ? AccountsConfig.demo() : AccountsConfig.demo().withBotCommand(bot);
        presenter = LauncherPresenter.builder(locks, config, SwingUtilities::invokeLater)
                .stopGrace(Timing.STOP_GRACE)
                .clock(clock)
                .prefs(new LauncherPrefs(prefsNode))
                .account(FIRST.id())
                .watch(dir, Duration.ofSeconds(10))
                .build();
        robot = BasicRobot.robotWithNewAwtHierarchy();
        LauncherFrame frame = GuiActionRunner.execute(() -> {
            LauncherFrame created = new LauncherFrame(presenter, () -> closed.set(true));
            presenter.attach(created);
            created.open();
            return created;
        });
        window = new FrameFixture(robot, frame);
        awaitFocusOn("account"); // the first thing to pick, and where keys go from here
    }

    @AfterEach
    void closeWindow() throws Exception {
        if (window != null) {
            window.cleanUp();
        }
        if (presenter != null) {
            presenter.stopForExit();
        }
        for (AutoCloseable closeable : cleanUps) {
            closeable.close();
        }
        ProcessHandle.current().children().forEach(ChildJvm::killTree);
        locks.close();
        others.close();
        prefsNode.removeNode();
    }

    private <T> T onEdt(Callable<T> read) {
        return GuiActionRunner.execute(read);
    }

    @SuppressWarnings("unchecked")
    private String shownInDropDown(Account account) {
        JComboBox<Account> accounts =
                (JComboBox<Account>) window.comboBox("account").target();
        return onEdt(() -> ((JLabel)
                        accounts.getRenderer().getListCellRendererComponent(new JList<>(), account, 0, false, false))
                .getText());
    }

    /** The lock table's rows as its model has them (the cells show names cut to fit). */
    private List<List<String>> tableRows() {
        return onEdt(() -> {
            javax.swing.table.TableModel model = window.table("locks").target().getModel();
            List<List<String>> rows = new ArrayList<>();
            for (int r = 0; r < model.getRowCount(); r++) {
                List<String> row = new ArrayList<>();
                for (int c = 0; c < model.getColumnCount(); c++) {
                    row.add(String.valueOf(model.getValueAt(r, c)));
                }
                rows.add(row);
            }
            return rows;
        });
    }

    private String tooltipOfRow(int row) {
        return onEdt(() -> {
            JTable table = window.table("locks").target();
            Rectangle cell = table.getCellRect(row, 1, true);
            return table.getToolTipText(
                    new MouseEvent(table, MouseEvent.MOUSE_MOVED, 0, 0, cell.x + 5, cell.y + 5, 0, false));
        });
    }

    private String status() {
        return window.label("status").text();
    }

    private String headline() {
        return window.label("headline").text();
    }

    private String title() {
        return onEdt(() -> window.target().getTitle());
    }

    private Component focusOwner() {
        return onEdt(() -> KeyboardFocusManager.getCurrentKeyboardFocusManager().getFocusOwner());
    }

    private void awaitFocusOn(String name) {
        await().atMost(Timing.CHANGE).alias("focus on " + name).until(this::focusOwnerName, name::equals);
    }

    private String focusOwnerName() {
        Component owner = focusOwner();
        return owner == null
                ? null
                : owner.getName() != null ? owner.getName() : owner.getClass().getName();
    }

    /** The dialog with this title, once it shows. */
    private JOptionPaneFixture dialog(String title) {
        AtomicReference<JOptionPane> found = new AtomicReference<>();
        await().atMost(Timing.CHANGE)
                .alias("dialog " + title + " shown")
                .until(() -> onEdt(() -> {
                    for (Window shown : Window.getWindows()) {
                        if (shown instanceof JDialog dialog
                                && dialog.isShowing()
                                && title.equals(dialog.getTitle())
                                && dialog.getContentPane().getComponent(0) instanceof JOptionPane pane) {
                            found.set(pane);
                            return true;
                        }
                    }
                    return false;
                }));
        JOptionPane pane = found.get();
        return new JOptionPaneFixture(robot, pane);
    }

    /**
     * A component of a dialog, looked up directly: the robot learns of a new window only from its
     * "opened" event, which under load came after the test had started looking.
     */
    private static <T extends Component> T find(java.awt.Container root, String name, Class<T> type) {
        for (Component child : root.getComponents()) {
            if (type.isInstance(child) && name.equals(child.getName())) {
                return type.cast(child);
            }
            if (child instanceof java.awt.Container container) {
                T found = find(container, name, type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private String buttonText(JOptionPaneFixture dialog, String name) {
        return onEdt(() -> find(dialog.target(), name, JButton.class).getText());
    }

    private int mnemonic(JOptionPaneFixture dialog, String name) {
        return onEdt(() -> find(dialog.target(), name, JButton.class).getMnemonic());
    }

    private String message(JOptionPaneFixture dialog) {
        return onEdt(() -> {
            Object message = dialog.target().getMessage();
            return String.valueOf(message instanceof Object[] parts ? parts[0] : message);
        });
    }

    /** Presses a dialog's button on the event thread: a robot click on a just-opened modal dialog was seen lost under load. */
    private void press(JOptionPaneFixture dialog, String button) {
        GuiActionRunner.execute(
                () -> find(dialog.target(), button, JButton.class).doClick());
    }

    /**
     * Types a key into {@code target} as the keyboard does, through Swing's key handling (mnemonics,
     * default buttons, Escape, focus traversal), but not through the X server, and whatever window
     * the X server has focused: without a window manager that was not always the new dialog, and on a
     * loaded machine the server's key repeat turned one key press into two.
     */
    private void type(Component target, int modifiers, int key) {
        SwingUtilities.invokeLater(() -> {
            long when = System.currentTimeMillis();
            char c = keyChar(key);
            target.dispatchEvent(new KeyEvent(target, KeyEvent.KEY_PRESSED, when, modifiers, key, c));
            if (c != KeyEvent.CHAR_UNDEFINED) {
                target.dispatchEvent(
                        new KeyEvent(target, KeyEvent.KEY_TYPED, when, modifiers, KeyEvent.VK_UNDEFINED, c));
            }
            target.dispatchEvent(new KeyEvent(target, KeyEvent.KEY_RELEASED, when, modifiers, key, c));
        });
        robot.waitForIdle();
    }

    private void type(Component target, int key) {
        type(target, 0, key);
    }

    private void alt(Component target, int key) {
        type(target, InputEvent.ALT_DOWN_MASK, key);
    }

    /** The character a key types, as the X server reports it with the key code. */
    private static char keyChar(int key) {
        if (key >= KeyEvent.VK_A && key <= KeyEvent.VK_Z) {
            return Character.toLowerCase((char) key);
        }
        return switch (key) {
            case KeyEvent.VK_ENTER -> '\n';
            case KeyEvent.VK_TAB -> '\t';
            case KeyEvent.VK_ESCAPE -> (char) 27;
            default -> KeyEvent.CHAR_UNDEFINED;
        };
    }

    private Component accountList() {
        return window.comboBox("account").target();
    }

    /** The dialog's initial button: the default button, which has the focus when the dialog opens. */
    private Component initialButton(JOptionPaneFixture dialog) {
        return onEdt(() -> SwingUtilities.getRootPane(dialog.target()).getDefaultButton());
    }

    private void startAndAwaitRunning() {
        window.button("start").click();
        await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running on " + FIRST.name()));
    }

    @Test
    void startBotShowsItsHealthOutputAndLockAndStopBotAsksThenReleasesIt() {
        open(null);
        window.button("stop").requireDisabled();
        assertThat(headline()).isEqualTo("No bot running");

        alt(accountList(), KeyEvent.VK_S);

        await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running on " + FIRST.name()));
        assertThat(headline()).startsWith("Running since ");
        awaitFocusOn("stop");
        await().atMost(Timing.PROCESS_START)
                .until(() -> window.textBox("log").text().contains("ES " + FIRST.id() + ": last"));
        await().atMost(Timing.CHANGE)
                .until(() -> tableRows().stream()
                        .anyMatch(row -> row.get(0).equals(FIRST.name() + " · " + FIRST.id())
                                && row.get(1).equals("this window")));
        window.button("start").requireDisabled();
        window.comboBox("account").requireDisabled();

        window.button("stop").click();
        JOptionPaneFixture question = dialog("Stop the bot?");
        press(question, "act");

        await().atMost(Timing.CHANGE)
                .until(() -> status().equals("Bot stopped; account " + FIRST.name() + " released."));
        assertThat(headline()).startsWith("Stopped at ");
        window.button("start").requireEnabled();
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
        await().atMost(Timing.CHANGE).until(() -> tableRows().isEmpty());
    }

    @Test
    void theTitleShowsTheStateTheAccountAndTheUptime() {
        open(null);
        assertThat(title()).isEqualTo("○ " + FIRST.name() + " - no bot");

        startAndAwaitRunning();
        clock.advance(Duration.ofMinutes(12).plusSeconds(5));

        await().atMost(Timing.CHANGE)
                .alias("title with the uptime")
                .until(() -> title().equals("● Combine 50K - $50,000.00 - running 12m"));
    }

    @Test
    void aCrashedBotShowsCrashedInTheBannerAndTitleWithRestart() {
        List<String> crashing = new ArrayList<>(BotCommand.demo().args());
        crashing.addAll(List.of("--ticks", "1", "--exit-code", "3"));
        open(new BotCommand(crashing));

        window.button("start").click();

        await().atMost(Timing.PROCESS_START).until(() -> headline().startsWith("Crashed at "));
        assertThat(headline()).contains("with exit code 3");
        assertThat(status()).contains("exited on its own with code 3 (it failed or crashed)");
        assertThat(title()).isEqualTo("✖ " + FIRST.name() + " - crashed, exit 3");
        window.button("restart").requireVisible().requireEnabled();
        assertThat(window.textBox("log").text()).contains("demo bot finished after 1 ticks");

        window.button("restart").click();

        await().atMost(Timing.PROCESS_START)
                .until(() ->
                        window.textBox("log").text().split("--- bot started on account " + FIRST.id(), -1).length == 3);
    }

    @Test
    void tabLeavesTheLockTableInsteadOfMovingBetweenCells() throws Exception {
        OtherHolder other = OtherHolder.start(dir, SECOND.id(), "someone");
        cleanUps.add(other);
        open(null);
        await().atMost(Timing.CHANGE).until(() -> tableRows().size() == 1);
        window.table("locks").selectRows(0);
        awaitFocusOn("locks");
        assertThat(tooltipOfRow(0))
                .startsWith("<html>" + SECOND.name() + " · " + SECOND.id() + "<br>Held by pid " + other.pid())
                .contains("Stop asks it to end");

        type(window.table("locks").target(), KeyEvent.VK_TAB);

        awaitFocusOn("broker"); // the table is the last control: Tab goes round to the first
        type(window.textBox("broker").target(), InputEvent.SHIFT_DOWN_MASK, KeyEvent.VK_TAB);
        awaitFocusOn("locks");
        type(window.table("locks").target(), InputEvent.SHIFT_DOWN_MASK, KeyEvent.VK_TAB);
        awaitFocusOn("stopHolder");
        window.button("stopHolder").requireEnabled();
        window.button("clean").requireDisabled();
    }

    @Test
    void aRefusalKeepsTheStandardMessageAddsTheHolderAndEscapeFocusesTheAccounts() throws Exception {
        OtherHolder other = OtherHolder.start(dir, FIRST.id(), "john_topstep");
        cleanUps.add(other);
        open(null);
        LockRecord holder = others.inspect(FIRST.id()).holder();

        type(accountList(), KeyEvent.VK_ENTER);

        JOptionPaneFixture refusal = dialog("Account already in use");
        refusal.requireWarningMessage();
        assertThat(message(refusal)).isEqualTo(RefusalMessage.of(FIRST.name(), holder));
        assertThat(onEdt(
                        () -> find(refusal.target(), "details", JTextArea.class).getText()))
                .startsWith("Held by another program on this computer: pid " + other.pid() + " on host ");
        assertThat(buttonText(refusal, "stopOther")).isEqualTo("Stop the other bot");
        assertThat(mnemonic(refusal, "stopOther")).isEqualTo(KeyEvent.VK_S);
        type(initialButton(refusal), KeyEvent.VK_ESCAPE);

        await().atMost(Timing.CHANGE).until(() -> !refusal.target().isShowing());
        awaitFocusOn("account");
        window.button("start").requireEnabled();
        assertThat(ProcessHandle.current().children().filter(p -> p.pid() != other.pid()))
                .isEmpty();
        await().atMost(Timing.CHANGE).until(() -> shownInDropDown(FIRST).endsWith("  (in use)"));
    }

    @Test
    void chooseAnotherAccountSelectsTheFirstFreeAccountAndFocusesTheList() throws Exception {
        cleanUps.add(OtherHolder.start(dir, FIRST.id(), "john_topstep"));
        open(null);

        window.button("start").click();
        press(dialog("Account already in use"), "chooseAnother");

        awaitFocusOn("account");
        await().atMost(Timing.CHANGE)
                .until(() -> onEdt(
                        () -> SECOND.equals(window.comboBox("account").target().getSelectedItem())));
    }

    @Test
    void stopTheOtherBotFromTheRefusalStopsTheOtherLauncherAndStartsThisOne() throws Exception {
        try (LauncherProcess other = LauncherProcess.start(
                dir, work, "other", "--account", FIRST.id().value(), "--start")) {
            other.awaitShown("phase", "RUNNING");
            ProcessHandle otherBot = ProcessHandle.of(
                            others.inspect(FIRST.id()).holder().bot().pid())
                    .orElseThrow();
            open(null);
            window.moveToFront(); // the other launcher's window may cover this one (no window manager)
            window.focus();

            window.button("start").click();
            JOptionPaneFixture refusal = dialog("Account already in use");
            assertThat(onEdt(() ->
                            find(refusal.target(), "details", JTextArea.class).getText()))
                    .startsWith("Held by another launcher on this computer: pid " + other.process.pid());
            Component safe = initialButton(refusal);
            assertThat(safe.getName()).as("Return chooses another account").isEqualTo("chooseAnother");
            alt(safe, KeyEvent.VK_S); // from the safe button: the mnemonic must still reach its own
            JOptionPaneFixture confirm = dialog("Stop the other bot?");
            assertThat(message(confirm))
                    .startsWith("Stop another launcher on this computer (pid " + other.process.pid() + ", bot pid "
                            + otherBot.pid() + ") trading " + FIRST.name() + "?\n");
            assertThat(buttonText(confirm, "keep")).isEqualTo("Cancel");
            assertThat(initialButton(confirm).getName()).isEqualTo("keep");
            alt(initialButton(confirm), KeyEvent.VK_S);

            await().atMost(Timing.PROCESS_START).until(() -> !other.process.isAlive());
            await().atMost(Timing.CHANGE).until(() -> !otherBot.isAlive());
            await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running on " + FIRST.name()));
        }
        LockRecord now = others.inspect(FIRST.id()).holder();
        assertThat(now.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(now.brokerUsername()).isEqualTo(FIRST.brokerUsername());
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                .contains(now.bot().pid());
    }

    @Test
    void theCloseQuestionKeepsTheBotRunningOnReturnAndEscapeAndStopsItOnStopBotAndClose() {
        open(null);
        startAndAwaitRunning();
        long bot = others.inspect(FIRST.id()).holder().bot().pid();
        Path lockFile = Path.of(others.inspect(FIRST.id()).location());

        for (int key : new int[] {KeyEvent.VK_ENTER, KeyEvent.VK_ESCAPE}) {
            window.close();
            JOptionPaneFixture question = dialog("Bot running");
            question.requireMessage("Stop the bot on account " + FIRST.name() + " and close?");
            assertThat(buttonText(question, "keep")).isEqualTo("Keep running");
            assertThat(initialButton(question).getName()).isEqualTo("keep");
            type(initialButton(question), key);
            await().atMost(Timing.CHANGE).until(() -> !question.target().isShowing());
        }
        assertThat(closed).isFalse();
        assertThat(ProcessHandle.of(bot).map(ProcessHandle::isAlive)).contains(true);

        window.close();
        JOptionPaneFixture question = dialog("Bot running");
        assertThat(buttonText(question, "act")).isEqualTo("Stop bot and close");
        assertThat(mnemonic(question, "act")).isEqualTo(KeyEvent.VK_S);
        alt(initialButton(question), KeyEvent.VK_S);

        await().atMost(Timing.CHANGE).untilTrue(closed);
        assertThat(ProcessHandle.of(bot).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(lockFile).doesNotExist();
        assertThat(onEdt(() -> window.target().isDisplayable())).isFalse();
    }

    @Test
    void theBrokerFieldIsReadOnlyUntilChangeIsPressed() {
        open(null);
        window.textBox("broker").requireNotEditable().requireText(FIRST.brokerUsername());

        window.button("changeBroker").click();

        window.textBox("broker").requireEditable();
        awaitFocusOn("broker");
        window.textBox("broker").setText("jane_topstep");
        startAndAwaitRunning();
        assertThat(others.inspect(FIRST.id()).holder().brokerUsername()).isEqualTo("jane_topstep");
        window.textBox("broker").requireNotEditable();
    }

    @Test
    void aUserIsRefusedTheAccountAnotherLauncherTradesThenGetsItOnceThatLauncherHasGone() throws Exception {
        try (LauncherProcess other = LauncherProcess.start(
                dir, work, "other", "--account", FIRST.id().value(), "--start")) {
            other.awaitShown("phase", "RUNNING");
            open(null);
            window.moveToFront(); // the other launcher's window may cover this one (no window manager)
            window.focus();

            window.button("start").click();
            JOptionPaneFixture refusal = dialog("Account already in use");
            press(refusal, "cancel");

            window.comboBox("account").selectItem(1);
            window.button("start").click();
            await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running on " + SECOND.name()));

            other.process.destroy(); // the other launcher ends: it stops its bot and releases the account
            await().atMost(Timing.PROCESS_START)
                    .until(() -> others.inspect(FIRST.id()).state() == LockState.FREE);
        }
        window.button("stop").click();
        press(dialog("Stop the bot?"), "act");
        await().atMost(Timing.CHANGE).until(() -> status().startsWith("Bot stopped"));
        window.comboBox("account").selectItem(0);
        window.button("start").click();

        await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running on " + FIRST.name()));
        assertThat(others.inspect(FIRST.id()).holder().pid())
                .isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void theThemeChosenInTheViewMenuAppliesAtOnceAndIsRemembered() {
        open(null);
        try {
            alt(accountList(), KeyEvent.VK_V);
            await().atMost(Timing.CHANGE)
                    .until(() ->
                            onEdt(() -> MenuSelectionManager.defaultManager().getSelectedPath().length > 1));
            type(onEdt(() -> ((javax.swing.JFrame) window.target()).getRootPane()), KeyEvent.VK_D);

            await().atMost(Timing.CHANGE).until(() -> onEdt(FlatLaf::isLafDark));
            assertThat(new LauncherPrefs(prefsNode).theme()).contains("dark");
        } finally {
            GuiActionRunner.execute(() -> Theme.apply("light"));
        }
    }

    @Test
    void theWindowOpensWhereItWasLastClosed() {
        open(null);
        GuiActionRunner.execute(() -> window.target().setBounds(120, 80, 1000, 700));

        window.close();
        await().atMost(Timing.CHANGE).untilTrue(closed);
        window.cleanUp();
        assertThat(new LauncherPrefs(prefsNode).bounds()).contains(new LauncherPrefs.Bounds(120, 80, 1000, 700));
        open(null);

        // Without a window manager the X server may report the new window at 0,0 for a moment.
        await().atMost(Timing.CHANGE)
                .until(() -> onEdt(() -> window.target().getBounds()), new Rectangle(120, 80, 1000, 700)::equals);
    }

    @Test
    void closingTheWindowWithNoBotClosesAtOnce() {
        open(null);

        window.close();

        await().atMost(Timing.CHANGE).untilTrue(closed);
        assertThat(onEdt(() -> JOptionPane.getRootFrame().getOwnedWindows().length))
                .isZero();
    }
}
