package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.RefusalMessage;
import io.instancelock.gui.LauncherState.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presenter's decisions with real locks and real bot processes, without a screen. */
class LauncherPresenterTest {

    private static final Account FIRST = AccountsConfig.demo().accounts().get(0);
    private static final Account SECOND = AccountsConfig.demo().accounts().get(1);

    @TempDir
    Path dir;

    private final ExecutorService ui = Executors.newSingleThreadExecutor();
    private final RecordingView view = new RecordingView();
    private AccountLocks locks;
    private AccountLocks others;
    private LauncherPresenter presenter;

    @BeforeEach
    void openLocks() {
        locks = AccountLocks.open(dir);
        others = AccountLocks.open(dir);
    }

    @AfterEach
    void cleanUp() {
        if (presenter != null) {
            presenter.stopForExit();
        }
        ProcessHandle.current().children().forEach(ChildJvm::killTree);
        locks.close();
        others.close();
        ui.shutdownNow();
    }

    private void launch(BotCommand bot) {
        AccountsConfig config = AccountsConfig.demo().withBotCommand(bot);
        presenter = new LauncherPresenter(locks, config, null, Timing.STOP_GRACE, ui);
        presenter.attach(view);
        awaitState(state -> state.phase() == Phase.IDLE);
    }

    private LauncherState awaitState(Predicate<LauncherState> condition) {
        await().atMost(Timing.PROCESS_START)
                .pollInterval(Timing.POLL)
                .until(() -> view.last() != null && condition.test(view.last()));
        return view.last();
    }

    private long botPid() {
        return locks.inspect(FIRST.id()).holder().bot().pid();
    }

    @Test
    void startTakesTheLockRecordsTheBotAndShowsItsOutput() {
        launch(BotCommand.demo());

        presenter.start();

        awaitState(state -> state.phase() == Phase.RUNNING);
        LockStatus status = others.inspect(FIRST.id());
        assertThat(status.state()).isEqualTo(LockState.HELD);
        assertThat(status.holder().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.holder().brokerUsername()).isEqualTo(FIRST.brokerUsername());
        long bot = status.holder().bot().pid();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).contains(bot);
        await().atMost(Timing.PROCESS_START)
                .until(() -> view.log.stream().anyMatch(line -> line.contains("ES " + FIRST.id() + ": last")));
        assertThat(view.last().status()).contains("Bot running on " + FIRST.name(), "pid " + bot);
        assertThat(view.last().canStart()).isFalse();
        assertThat(view.last().canStop()).isTrue();
    }

    @Test
    void startOnAnAccountHeldElsewhereShowsTheStandardRefusalAndChangesNothingElse() {
        LockHandle held = ((Acquisition.Acquired) others.tryAcquire(FIRST.id(), "john_topstep")).handle();
        launch(BotCommand.demo());
        String statusBefore = view.last().status();

        presenter.start();

        await().atMost(Timing.CHANGE).until(() -> !view.errors.isEmpty());
        assertThat(view.errors)
                .containsExactly(new RecordingView.Dialog(
                        "Account already in use", RefusalMessage.of(FIRST.name(), held.record())));
        assertThat(view.errors.get(0).message())
                .startsWith("Account 'Combine 50K - $50,000.00' is already being traded!\n\nBroker: john_topstep\n");
        LauncherState after = awaitState(state -> state.phase() == Phase.IDLE);
        assertThat(after.status()).isEqualTo(statusBefore);
        assertThat(ProcessHandle.current().children().count()).isZero();
        assertThat(others.inspect(FIRST.id()).holder()).isEqualTo(held.record());
    }

    @Test
    void stopEndsTheBotAndReleasesTheLock() {
        launch(BotCommand.demo());
        presenter.start();
        awaitState(state -> state.phase() == Phase.RUNNING);
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();
        Path lockFile = Path.of(others.inspect(FIRST.id()).location());

        presenter.stop();

        LauncherState after = awaitState(state -> state.phase() == Phase.IDLE);
        assertThat(bot.isAlive()).isFalse();
        assertThat(after.status()).isEqualTo("Bot stopped; account " + FIRST.name() + " released.");
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
        assertThat(lockFile).doesNotExist();
    }

    @Test
    void aBotThatExitsOnItsOwnReleasesTheLockAndSaysWhy() {
        List<String> crashing = List.of(BotCommand.demo().args().toArray(String[]::new));
        launch(new BotCommand(concat(crashing, "--ticks", "2", "--exit-code", "3")));

        presenter.start();

        LauncherState after = awaitState(
                state -> state.phase() == Phase.IDLE && state.status().contains("exited"));
        assertThat(after.status())
                .isEqualTo("The bot on " + FIRST.name()
                        + " exited on its own with code 3 (it failed or crashed); account released.");
        assertThat(view.log).contains("demo bot finished after 2 ticks", "--- bot exited with code 3 ---");
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
    }

    @Test
    void stopKillsABotThatIgnoresTheRequestAfterTheGraceTime() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell to ignore SIGTERM");
        launch(new BotCommand(
                List.of("/bin/sh", "-c", "trap '' TERM; echo ignoring TERM; " + "while :; do sleep 0.1; done")));
        presenter.start();
        await().atMost(Timing.PROCESS_START).until(() -> view.log.contains("ignoring TERM"));
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();

        presenter.stop();

        awaitState(state -> state.phase() == Phase.STOPPING);
        assertThat(bot.isAlive()).as("still running during the grace time").isTrue();
        awaitState(state -> state.phase() == Phase.IDLE);
        assertThat(bot.isAlive()).isFalse();
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
    }

    @Test
    void stopAlsoEndsTheProcessesTheBotStarted() {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell to start a grandchild");
        launch(new BotCommand(List.of("/bin/sh", "-c", "sleep 300 & echo grandchild $!; wait")));
        presenter.start();
        await().atMost(Timing.PROCESS_START)
                .until(() -> view.log.stream().anyMatch(line -> line.startsWith("grandchild ")));
        long grandchildPid = Long.parseLong(view.log.stream()
                .filter(line -> line.startsWith("grandchild "))
                .findFirst()
                .orElseThrow()
                .substring("grandchild ".length())
                .strip());
        ProcessHandle grandchild = ProcessHandle.of(grandchildPid).orElseThrow();

        try {
            presenter.stop();

            awaitState(state -> state.phase() == Phase.IDLE);
            await().atMost(Timing.CHANGE).until(() -> !grandchild.isAlive());
            assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
        } finally {
            grandchild.destroyForcibly();
        }
    }

    @Test
    void aBotCommandThatCannotStartShowsWhyAndLeavesTheAccountFree() {
        launch(new BotCommand(List.of(dir.resolve("no-such-bot").toString(), "{account_id}")));

        presenter.start();

        await().atMost(Timing.CHANGE).until(() -> !view.errors.isEmpty());
        assertThat(view.errors.get(0).title()).isEqualTo("Cannot start the bot");
        assertThat(view.errors.get(0).message()).contains(dir.resolve("no-such-bot") + " " + FIRST.id());
        awaitState(state -> state.phase() == Phase.IDLE);
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
    }

    @Test
    void closingWhileIdleClosesAtOnce() {
        launch(BotCommand.demo());

        presenter.requestClose();

        await().atMost(Timing.CHANGE).untilTrue(view.closed);
        assertThat(view.questions).isEmpty();
    }

    @Test
    void closingWhileABotRunsAsksThenStopsTheBotReleasesTheLockAndCloses() {
        launch(BotCommand.demo());
        presenter.start();
        awaitState(state -> state.phase() == Phase.RUNNING);
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();
        Path lockFile = Path.of(others.inspect(FIRST.id()).location());

        presenter.requestClose();

        await().atMost(Timing.CHANGE).untilTrue(view.closed);
        assertThat(view.questions)
                .containsExactly(new RecordingView.Dialog(
                        "Bot running", "Stop the bot on account " + FIRST.name() + " and close?"));
        assertThat(bot.isAlive()).isFalse();
        assertThat(lockFile).doesNotExist();
        assertThat(view.phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void closingDeclinedKeepsTheBotRunning() {
        launch(BotCommand.demo());
        presenter.start();
        awaitState(state -> state.phase() == Phase.RUNNING);
        view.answer = false;

        presenter.requestClose();

        await().atMost(Timing.CHANGE).until(() -> !view.questions.isEmpty());
        presenter.refresh();
        awaitState(state -> state.locks().size() == 1);
        assertThat(view.closed).isFalse();
        assertThat(view.phase()).isEqualTo(Phase.RUNNING);
        assertThat(ProcessHandle.of(botPid()).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void refreshingNeverDisturbsTheLauncherOwnLock() throws Exception {
        launch(BotCommand.demo());
        presenter.start();
        awaitState(state -> state.phase() == Phase.RUNNING);

        for (int i = 0; i < 10; i++) {
            int before = view.states.size();
            presenter.refresh();
            await().atMost(Timing.CHANGE).until(() -> view.states.size() > before);
        }

        LauncherState state = awaitState(s -> !s.locks().isEmpty());
        assertThat(state.locks()).singleElement().satisfies(row -> {
            assertThat(row.account()).isEqualTo(FIRST.id().value());
            assertThat(row.state()).isEqualTo("held");
            assertThat(row.pid())
                    .isEqualTo(Long.toString(ProcessHandle.current().pid()));
        });
        // Another process must still find the OS lock held by this JVM, not only the bot's record.
        ChildJvm.ProcessResult seen =
                ChildJvm.run(InspectProbe.class, dir.toString(), FIRST.id().value());
        assertThat(seen.stdOut())
                .startsWith("held\nheld by pid " + ProcessHandle.current().pid());
    }

    @Test
    void accountsHeldElsewhereAreMarkedInUseAndTheLauncherOwnAsRunningHere() {
        others.tryAcquire(SECOND.id(), "someone");
        launch(BotCommand.demo());
        presenter.start();
        awaitState(state -> state.phase() == Phase.RUNNING);

        presenter.refresh();

        LauncherState state = awaitState(s -> s.locks().size() == 2);
        assertThat(state.accounts())
                .extracting(LauncherState.AccountChoice::usage)
                .containsExactly("running here", "in use", "");
        assertThat(state.accounts().get(1).label()).isEqualTo(SECOND.name() + "  (in use)");
    }

    @Test
    void stopForExitStopsTheBotAndReleasesTheLock() {
        launch(BotCommand.demo());
        presenter.start();
        awaitState(state -> state.phase() == Phase.RUNNING);
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();

        presenter.stopForExit();

        assertThat(bot.isAlive()).isFalse();
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
    }

    @Test
    void selectingAnotherAccountUsesItsBrokerUnlessOneIsGiven() {
        launch(BotCommand.demo());

        presenter.selectAccount(AccountsConfig.demo().accounts().get(2).id());

        LauncherState state = awaitState(s -> s.selected().equals(AccountId.of("200001")));
        assertThat(state.broker()).isEqualTo("demo_express");
    }

    private static List<String> concat(List<String> first, String... more) {
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(List.of(more));
        return all;
    }
}
