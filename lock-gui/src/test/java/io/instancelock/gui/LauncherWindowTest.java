package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockState;
import io.instancelock.core.RefusalMessage;
import java.awt.event.KeyEvent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.swing.JComboBox;
import javax.swing.JLabel;
import javax.swing.JList;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;
import org.assertj.swing.core.BasicRobot;
import org.assertj.swing.core.Robot;
import org.assertj.swing.edt.FailOnThreadViolationRepaintManager;
import org.assertj.swing.edt.GuiActionRunner;
import org.assertj.swing.fixture.FrameFixture;
import org.assertj.swing.fixture.JOptionPaneFixture;
import org.assertj.swing.timing.Timeout;
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

    private AccountLocks locks;
    private AccountLocks others;
    private LauncherPresenter presenter;
    private Robot robot;
    private FrameFixture window;
    private final AtomicBoolean closed = new AtomicBoolean();

    @BeforeAll
    static void needsADisplay() {
        NeedsDisplay.require(LauncherWindowTest.class);
        FailOnThreadViolationRepaintManager.install();
        GuiActionRunner.execute(() -> Theme.install("light"));
    }

    @BeforeEach
    void openWindow() {
        locks = AccountLocks.open(dir);
        others = AccountLocks.open(dir);
        presenter = new LauncherPresenter(
                locks, AccountsConfig.demo(), null, Timing.STOP_GRACE, SwingUtilities::invokeLater);
        robot = BasicRobot.robotWithNewAwtHierarchy();
        LauncherFrame frame = GuiActionRunner.execute(() -> {
            LauncherFrame created = new LauncherFrame(presenter, () -> closed.set(true));
            presenter.attach(created);
            created.open();
            return created;
        });
        window = new FrameFixture(robot, frame);
        window.focus();
    }

    @AfterEach
    void closeWindow() {
        if (window != null) {
            window.cleanUp();
        }
        if (presenter != null) {
            presenter.stopForExit();
        }
        ProcessHandle.current().children().forEach(ChildJvm::killTree);
        if (locks != null) {
            locks.close();
            others.close();
        }
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

    private String status() {
        return window.label("status").text();
    }

    private JOptionPaneFixture dialog() {
        return window.optionPane(Timeout.timeout(Timing.CHANGE.toMillis()));
    }

    @Test
    void startBotShowsTheBotOutputAndItsLockAndStopBotReleasesIt() {
        window.requireTitle("instance-lock launcher");
        window.button("stop").requireDisabled();

        window.button("start").click();

        await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running on " + FIRST.name()));
        await().atMost(Timing.PROCESS_START)
                .until(() -> window.textBox("log").text().contains("ES " + FIRST.id() + ": last"));
        await().atMost(Timing.CHANGE)
                .until(() -> Arrays.stream(window.table("locks").contents())
                        .anyMatch(row -> row[0].equals(FIRST.id().value()) && row[1].equals("held")));
        window.button("start").requireDisabled();
        window.comboBox("account").requireDisabled();

        window.button("stop").click();

        await().atMost(Timing.CHANGE)
                .until(() -> status().equals("Bot stopped; account " + FIRST.name() + " released."));
        window.button("start").requireEnabled();
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
        await().atMost(Timing.CHANGE).until(() -> window.table("locks").contents().length == 0);
    }

    @Test
    void enterOnAHeldAccountShowsTheStandardRefusalAndEscapeClosesIt() {
        LockHandle held = ((Acquisition.Acquired) others.tryAcquire(FIRST.id(), "john_topstep")).handle();
        String statusBefore = status();

        window.pressAndReleaseKeys(KeyEvent.VK_ENTER);

        JOptionPaneFixture refusal = dialog();
        refusal.requireTitle("Account already in use")
                .requireErrorMessage()
                .requireMessage(RefusalMessage.of(FIRST.name(), held.record()));
        refusal.pressAndReleaseKeys(KeyEvent.VK_ESCAPE);
        await().atMost(Timing.CHANGE).until(() -> !refusal.target().isShowing());
        assertThat(status()).isEqualTo(statusBefore);
        window.button("start").requireEnabled();
        assertThat(ProcessHandle.current().children().count()).isZero();
        await().atMost(Timing.CHANGE).until(() -> shownInDropDown(FIRST).equals(FIRST.name() + "  (in use)"));
    }

    @Test
    void closingTheWindowWhileABotRunsAsksThenStopsTheBotAndRemovesTheLockFile() {
        window.button("start").click();
        await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running"));
        long bot = others.inspect(FIRST.id()).holder().bot().pid();
        Path lockFile = Path.of(others.inspect(FIRST.id()).location());

        window.close();

        JOptionPaneFixture question = dialog();
        question.requireTitle("Bot running").requireMessage("Stop the bot on account " + FIRST.name() + " and close?");
        // Pressed on the event thread rather than by a robot click: under a loaded virtual display a
        // robot click on a just-opened modal dialog was seen to get lost, which is not what this tests.
        GuiActionRunner.execute(() -> question.yesButton().target().doClick());
        await().atMost(Timing.CHANGE).untilTrue(closed);
        assertThat(ProcessHandle.of(bot).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        assertThat(lockFile).doesNotExist();
        assertThat(onEdt(() -> window.target().isDisplayable())).isFalse();
    }

    @Test
    void aUserIsRefusedTheAccountAnotherLauncherTradesThenGetsItOnceThatLauncherHasGone(@TempDir Path work)
            throws Exception {
        try (LauncherProcess other = LauncherProcess.start(
                dir, work, "other", "--account", FIRST.id().value(), "--start")) {
            other.awaitShown("phase", "RUNNING");
            window.moveToFront(); // the other launcher's window may cover this one (no window manager)
            window.focus();

            window.button("start").click();
            JOptionPaneFixture refusal = dialog();
            refusal.requireTitle("Account already in use")
                    .requireMessage(RefusalMessage.of(
                            FIRST.name(), others.inspect(FIRST.id()).holder()));
            refusal.okButton().click();

            window.comboBox("account").selectItem(1);
            window.button("start").click();
            await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running on " + SECOND.name()));

            other.process.destroy(); // the other launcher ends: it stops its bot and releases the account
            await().atMost(Timing.PROCESS_START)
                    .until(() -> others.inspect(FIRST.id()).state() == LockState.FREE);
        }
        window.button("stop").click();
        await().atMost(Timing.CHANGE).until(() -> status().startsWith("Bot stopped"));
        window.comboBox("account").selectItem(0);
        window.button("start").click();

        await().atMost(Timing.PROCESS_START).until(() -> status().startsWith("Bot running on " + FIRST.name()));
        assertThat(others.inspect(FIRST.id()).holder().pid())
                .isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void closingTheWindowWithNoBotClosesAtOnce() {
        window.close();

        await().atMost(Timing.CHANGE).untilTrue(closed);
        assertThat(onEdt(() -> JOptionPane.getRootFrame().getOwnedWindows().length))
                .isZero();
    }
}
