package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LocalHost;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.RefusalMessage;
import io.instancelock.gui.LauncherState.LockRow;
import io.instancelock.gui.LauncherState.Phase;
import io.instancelock.testsupport.ChildLocks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.prefs.Preferences;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The presenter's states and actions with real locks and real bot processes, without a screen. */
class LauncherPresenterTest {

    private static final Account FIRST = AccountsConfig.demo().accounts().get(0);
    private static final Account SECOND = AccountsConfig.demo().accounts().get(1);
    private static final Account THIRD = AccountsConfig.demo().accounts().get(2);

    @TempDir
    Path dir;

    private final ExecutorService ui = Executors.newSingleThreadExecutor();
    private final RecordingView view = new RecordingView();
    private final TestClock clock = TestClock.startingNow();
    private final List<AutoCloseable> cleanUps = new ArrayList<>();
    private Preferences prefsNode;
    private AccountLocks locks;
    private AccountLocks others;
    private LauncherPresenter presenter;

    @BeforeEach
    void openLocks() {
        locks = AccountLocks.open(dir);
        others = AccountLocks.open(dir);
        prefsNode = Preferences.userRoot().node("io/instancelock/test/" + UUID.randomUUID());
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (presenter != null) {
            presenter.stopForExit();
        }
        for (AutoCloseable closeable : cleanUps) {
            closeable.close();
        }
        ProcessHandle.current().children().forEach(ChildJvm::killTree);
        locks.close();
        others.close();
        ui.shutdownNow();
        prefsNode.removeNode();
    }

    private void launch(BotCommand bot) {
        launch(bot, builder -> {});
    }

    private void launch(BotCommand bot, Consumer<LauncherPresenter.Builder> settings) {
        AccountsConfig config = AccountsConfig.demo().withBotCommand(bot);
        LauncherPresenter.Builder builder = LauncherPresenter.builder(locks, config, ui)
                .stopGrace(Timing.STOP_GRACE)
                .clock(clock)
                .prefs(new LauncherPrefs(prefsNode));
        settings.accept(builder);
        presenter = builder.build();
        presenter.attach(view);
        awaitState(state -> state.phase() == Phase.IDLE);
    }

    private LauncherState awaitState(Predicate<LauncherState> condition) {
        await().atMost(Timing.PROCESS_START)
                .pollInterval(Timing.POLL)
                .until(() -> view.last() != null && condition.test(view.last()));
        return view.last();
    }

    private LauncherState awaitRunning() {
        return awaitState(state -> state.phase() == Phase.RUNNING);
    }

    private long botPid() {
        return locks.inspect(FIRST.id()).holder().bot().pid();
    }

    private OtherHolder otherHolder(Account account, String... bot) throws Exception {
        OtherHolder holder = OtherHolder.start(dir, account.id(), "john_topstep", bot);
        cleanUps.add(holder);
        return holder;
    }

    private static BotCommand demoWith(String... extra) {
        List<String> args = new ArrayList<>(BotCommand.demo().args());
        args.addAll(List.of(extra));
        return new BotCommand(args);
    }

    private LockRow rowOf(LauncherState state, Account account) {
        return state.locks().stream()
                .filter(row -> row.id().equals(account.id()))
                .findFirst()
                .orElseThrow();
    }

    // --- running, and the title ---

    @Test
    void startTakesTheLockRecordsTheBotShowsItsOutputAndFocusesStop() {
        launch(BotCommand.demo());

        presenter.start();

        LauncherState running = awaitRunning();
        LockStatus status = others.inspect(FIRST.id());
        assertThat(status.state()).isEqualTo(LockState.HELD);
        assertThat(status.holder().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(status.holder().brokerUsername()).isEqualTo(FIRST.brokerUsername());
        long bot = status.holder().bot().pid();
        assertThat(ProcessHandle.current().children().map(ProcessHandle::pid)).contains(bot);
        await().atMost(Timing.PROCESS_START)
                .until(() -> view.log.stream().anyMatch(line -> line.contains("ES " + FIRST.id() + ": last")));
        assertThat(running.health()).isInstanceOf(BotHealth.Running.class);
        assertThat(((BotHealth.Running) running.health()).pid()).isEqualTo(bot);
        assertThat(running.health().tone()).isEqualTo(Tone.GOOD);
        assertThat(view.last().status()).contains("Bot running on " + FIRST.name(), "pid " + bot);
        assertThat(view.last().canStart()).isFalse();
        assertThat(view.last().canStop()).isTrue();
        assertThat(view.lastFocus()).isEqualTo(Focus.STOP);
    }

    @Test
    void theTitleAndHeadlineShowTheStateTheAccountAndTheUptime() {
        launch(BotCommand.demo());
        assertThat(view.last().title()).isEqualTo("○ " + FIRST.name() + " - no bot");

        presenter.start();
        LauncherState running = awaitRunning();
        String since = BotHealth.Times.clock(clock.instant(), clock.getZone());
        assertThat(running.title()).isEqualTo("● " + FIRST.name() + " - running 0s");
        clock.advance(Duration.ofMinutes(12).plusSeconds(5));
        presenter.tick();

        LauncherState later = awaitState(state -> state.title().endsWith("12m"));
        assertThat(later.title()).isEqualTo("● Combine 50K - $50,000.00 - running 12m");
        assertThat(later.headline()).isEqualTo("Running since " + since + " (12m)");
    }

    // --- stopping, stopped, crashed, lock lost ---

    @Test
    void stopBotAsksFirstAndKeepsTheBotRunningWhenTheAnswerIsNo() {
        launch(BotCommand.demo());
        presenter.start();
        awaitRunning();
        view.answer = false;

        presenter.stop();

        await().atMost(Timing.CHANGE).until(() -> !view.questions.isEmpty());
        Question asked = view.questions.get(0);
        assertThat(asked.title()).isEqualTo("Stop the bot?");
        assertThat(asked.message()).startsWith("Stop the bot on account " + FIRST.name() + " (pid " + botPid() + ")?");
        assertThat(asked.act()).isEqualTo("Stop bot");
        assertThat(asked.actMnemonic()).isEqualTo('S');
        assertThat(asked.keep()).isEqualTo("Keep running");
        presenter.refresh();
        awaitState(state -> state.locks().size() == 1);
        assertThat(view.phase()).isEqualTo(Phase.RUNNING);
        assertThat(ProcessHandle.of(botPid()).map(ProcessHandle::isAlive)).contains(true);
    }

    @Test
    void stopEndsTheBotReleasesTheLockAndShowsStoppedWithTheTime() {
        launch(BotCommand.demo());
        presenter.start();
        awaitRunning();
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();
        Path lockFile = Path.of(others.inspect(FIRST.id()).location());
        clock.advance(Duration.ofMinutes(3));

        presenter.stop();

        LauncherState after = awaitState(state -> state.phase() == Phase.IDLE);
        assertThat(view.states).anySatisfy(state -> assertThat(state.health()).isInstanceOf(BotHealth.Stopping.class));
        assertThat(bot.isAlive()).isFalse();
        assertThat(after.status()).isEqualTo("Bot stopped; account " + FIRST.name() + " released.");
        assertThat(after.health()).isInstanceOf(BotHealth.Stopped.class);
        assertThat(after.headline())
                .isEqualTo("Stopped at " + BotHealth.Times.seconds(clock.instant(), clock.getZone()) + " after 3m");
        assertThat(after.title()).isEqualTo("○ " + FIRST.name() + " - stopped");
        assertThat(after.canRestart()).isFalse();
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
        assertThat(lockFile).doesNotExist();
        assertThat(view.lastFocus()).isEqualTo(Focus.START);
    }

    @Test
    void aBotThatFailsOnItsOwnShowsCrashedWithExitCodeAndTimeAndOffersRestart() {
        launch(demoWith("--ticks", "2", "--exit-code", "3"));

        presenter.start();

        LauncherState after = awaitState(
                state -> state.phase() == Phase.IDLE && state.status().contains("exited"));
        assertThat(after.status())
                .isEqualTo("The bot on " + FIRST.name()
                        + " exited on its own with code 3 (it failed or crashed); account released.");
        assertThat(after.health()).isInstanceOf(BotHealth.Crashed.class);
        assertThat(after.health().tone()).isEqualTo(Tone.DANGER);
        assertThat(after.headline())
                .startsWith("Crashed at " + BotHealth.Times.seconds(clock.instant(), clock.getZone()))
                .contains("with exit code 3");
        assertThat(after.title()).isEqualTo("✖ " + FIRST.name() + " - crashed, exit 3");
        assertThat(after.canRestart()).isTrue();
        assertThat(view.log).contains("demo bot finished after 2 ticks", "--- bot exited with code 3 ---");
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
    }

    @Test
    void restartStartsTheCrashedBotAgainOnTheSameAccountEvenIfAnotherIsSelected() {
        launch(demoWith("--ticks", "1", "--exit-code", "3"));
        presenter.start();
        awaitState(state -> state.canRestart());
        presenter.selectAccount(SECOND.id());
        awaitState(state -> state.selected().equals(SECOND.id()));
        int runsBefore = (int)
                view.log.stream().filter(l -> l.startsWith("--- bot started")).count();

        presenter.restart();

        await().atMost(Timing.PROCESS_START)
                .until(() -> view.log.stream()
                                .filter(l -> l.startsWith("--- bot started"))
                                .count()
                        > runsBefore);
        assertThat(view.log.stream().filter(l -> l.startsWith("--- bot started on account " + FIRST.id())))
                .hasSize(2);
    }

    @Test
    void aBotThatEndsOnItsOwnWithCodeZeroIsStoppedNotCrashed() {
        launch(demoWith("--ticks", "1", "--exit-code", "0"));

        presenter.start();

        LauncherState after = awaitState(
                state -> state.phase() == Phase.IDLE && state.status().contains("exited"));
        assertThat(after.health()).isInstanceOf(BotHealth.Stopped.class);
        assertThat(after.headline()).startsWith("Ended by itself at ").endsWith("(exit code 0)");
        assertThat(after.canRestart()).isFalse();
    }

    @Test
    void aLostLockStopsTheBotReleasesAndSaysWhy() {
        launch(BotCommand.demo());
        presenter.start();
        awaitRunning();
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();

        presenter.lockLost("lock file replaced and taken by pid 123");

        LauncherState after = awaitState(state -> state.phase() == Phase.IDLE);
        assertThat(bot.isAlive()).isFalse();
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
        assertThat(after.health()).isInstanceOf(BotHealth.LockLost.class);
        assertThat(after.health().tone()).isEqualTo(Tone.DANGER);
        assertThat(after.headline())
                .isEqualTo("Lock lost at " + BotHealth.Times.seconds(clock.instant(), clock.getZone())
                        + ": lock file replaced and taken by pid 123; the bot was stopped");
        assertThat(after.title()).isEqualTo("⚠ " + FIRST.name() + " - lock lost");
        assertThat(view.log).contains("--- lock lost: lock file replaced and taken by pid 123; stopping the bot ---");
        assertThat(view.questions).isEmpty();
    }

    @Test
    void anotherProcessTakingTheAccountAfterTheLockDirectoryWasDeletedShowsLockLostAndStopsTheBot() throws Exception {
        launch(BotCommand.demo());
        presenter.start();
        awaitRunning();
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();

        try (ChildLocks thief = ChildLocks.start(dir.toString())) {
            boolean stolen = false;
            for (int attempt = 0; attempt < 20 && !stolen; attempt++) {
                stolen = thief.stealAfterDeleting(FIRST.id(), dir); // rm -rf locks, then take the account
            }
            assertThat(stolen).isTrue();

            LauncherState after = awaitState(state -> state.health() instanceof BotHealth.LockLost);
            assertThat(after.headline())
                    .startsWith("Lock lost at ")
                    .contains("taken by pid " + thief.process().pid())
                    .endsWith("; the bot was stopped");
            assertThat(after.title()).isEqualTo("⚠ " + FIRST.name() + " - lock lost");
            assertThat(after.phase()).isEqualTo(Phase.IDLE);
            await().atMost(Timing.CHANGE).until(() -> !bot.isAlive());
            assertThat(others.inspect(FIRST.id()).holder().pid())
                    .isEqualTo(thief.process().pid());
        }
    }

    @Test
    void lockLostWithoutABotChangesNothing() {
        launch(BotCommand.demo());

        presenter.lockLost("whatever");
        presenter.refresh();

        awaitState(state -> state.health() instanceof BotHealth.Idle);
        assertThat(view.log).isEmpty();
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
        LauncherState after = awaitState(state -> state.phase() == Phase.IDLE);
        assertThat(after.health()).isInstanceOf(BotHealth.Idle.class);
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
    }

    // --- refusals ---

    @Test
    void aRefusalKeepsTheStandardMessageAddsPidHostAndAgeAndCancelFocusesTheAccounts() throws Exception {
        otherHolder(FIRST);
        launch(BotCommand.demo(), builder -> builder.account(FIRST.id()));
        String statusBefore = view.last().status();
        clock.setAfter(
                others.inspect(FIRST.id()).holder().createdAt(),
                Duration.ofMinutes(125).plusSeconds(30));

        presenter.start();

        await().atMost(Timing.CHANGE).until(() -> view.lastFocus() == Focus.ACCOUNTS);
        Refusal refusal = view.refusals.get(0);
        LockStatus held = others.inspect(FIRST.id());
        assertThat(refusal.title()).isEqualTo("Account already in use");
        assertThat(refusal.message()).isEqualTo(RefusalMessage.of(FIRST.name(), held.holder()));
        assertThat(refusal.message())
                .startsWith("Account 'Combine 50K - $50,000.00' is already being traded!\n\nBroker: john_topstep\n");
        assertThat(refusal.details())
                .isEqualTo("Held by another program on this computer: pid "
                        + held.holder().pid() + " on host "
                        + LocalHost.name() + ", for 2h 05m (since "
                        + Ages.start(held.holder().createdAt(), LocalDateTime.now(clock)) + ").");
        assertThat(refusal.canStopOther()).isTrue();
        LauncherState after = awaitState(state -> state.phase() == Phase.IDLE);
        assertThat(after.status()).isEqualTo(statusBefore);
        assertThat(after.selected()).isEqualTo(FIRST.id());
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(child -> child.pid() != held.holder().pid()))
                .as("no bot started")
                .isEmpty();
        assertThat(others.inspect(FIRST.id()).holder().pid())
                .isEqualTo(held.holder().pid());
    }

    @Test
    void chooseAnotherAccountSelectsTheFirstFreeOneAndFocusesTheAccounts() throws Exception {
        otherHolder(SECOND);
        launch(BotCommand.demo(), builder -> builder.account(FIRST.id()));
        otherHolder(FIRST);
        view.refusalChoice = Refusal.Choice.CHOOSE_ANOTHER;

        presenter.start();

        await().atMost(Timing.CHANGE).until(() -> view.lastFocus() == Focus.ACCOUNTS);
        LauncherState after = awaitState(state -> state.selected().equals(THIRD.id()));
        assertThat(after.phase()).isEqualTo(Phase.IDLE);
        assertThat(after.broker()).isEqualTo(THIRD.brokerUsername());
    }

    @Test
    void stopTheOtherBotAsksNamingItThenStopsItAndStartsThisBotAsSoonAsTheAccountIsFree() throws Exception {
        OtherHolder other = otherHolder(FIRST);
        launch(BotCommand.demo(), builder -> builder.account(FIRST.id()));
        view.refusalChoice = Refusal.Choice.STOP_OTHER;

        presenter.start();

        LauncherState running = awaitRunning();
        await().atMost(Timing.CHANGE).until(() -> !other.process.isAlive());
        Question asked = view.questions.get(0);
        assertThat(asked.title()).isEqualTo("Stop the other bot?");
        assertThat(asked.message())
                .startsWith("Stop another program on this computer (pid " + other.pid() + ") trading " + FIRST.name()
                        + "?\nBroker john_topstep, since ")
                .contains("this window starts its bot as soon as the account is free");
        assertThat(asked.act()).isEqualTo("Stop it");
        assertThat(asked.actMnemonic()).isEqualTo('S');
        assertThat(view.states).anySatisfy(state -> assertThat(state.phase()).isEqualTo(Phase.STOPPING_OTHER));
        assertThat(running.selected()).isEqualTo(FIRST.id());
        LockStatus now = others.inspect(FIRST.id());
        assertThat(now.holder().pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(now.holder().brokerUsername()).isEqualTo(FIRST.brokerUsername());
    }

    @Test
    void stopTheOtherBotDeclinedLeavesItRunning() throws Exception {
        OtherHolder other = otherHolder(FIRST);
        launch(BotCommand.demo(), builder -> builder.account(FIRST.id()));
        view.refusalChoice = Refusal.Choice.STOP_OTHER;
        view.answer = false;

        presenter.start();

        await().atMost(Timing.CHANGE).until(() -> view.lastFocus() == Focus.ACCOUNTS);
        assertThat(view.questions).hasSize(1);
        assertThat(view.phase()).isEqualTo(Phase.IDLE);
        assertThat(other.process.isAlive()).isTrue();
        assertThat(others.inspect(FIRST.id()).holder().pid()).isEqualTo(other.pid());
    }

    @Test
    void anOrphanedBotIsNamedAsSuchAndStoppingItFreesTheAccountForThisBot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep as a bot that outlives its holder");
        OtherHolder other = otherHolder(FIRST, "/bin/sleep", "300");
        long orphan = others.inspect(FIRST.id()).holder().bot().pid();
        cleanUps.add(() -> ProcessHandle.of(orphan).ifPresent(ProcessHandle::destroyForcibly));
        other.process.destroyForcibly().waitFor();
        launch(BotCommand.demo(), builder -> builder.account(FIRST.id()));
        view.refusalChoice = Refusal.Choice.STOP_OTHER;

        presenter.start();

        awaitRunning();
        Refusal refusal = view.refusals.get(0);
        assertThat(refusal.details())
                .startsWith("Orphaned bot: its bot (pid " + orphan + ") still trades this account, but the launcher "
                        + "that started it (pid " + other.pid() + ") is gone")
                .contains("kill " + orphan, "lockctl stop " + FIRST.id());
        assertThat(refusal.canStopOther()).isTrue();
        assertThat(view.questions.get(0).message()).startsWith("Stop the orphaned bot (pid " + orphan + ") trading ");
        await().atMost(Timing.CHANGE)
                .until(() ->
                        !ProcessHandle.of(orphan).map(ProcessHandle::isAlive).orElse(false));
        assertThat(others.inspect(FIRST.id()).holder().pid())
                .isEqualTo(ProcessHandle.current().pid());
    }

    @Test
    void aHolderOnAnotherComputerCannotBeStoppedFromHere() throws Exception {
        OtherHolder elsewhere = OtherHolder.start(Map.of("HOSTNAME", "office-pc"), dir, FIRST.id(), "jane");
        cleanUps.add(elsewhere);
        launch(BotCommand.demo(), builder -> builder.account(FIRST.id()));
        view.refusalChoice = Refusal.Choice.STOP_OTHER; // not offered: must change nothing

        presenter.start();

        await().atMost(Timing.CHANGE).until(() -> view.lastFocus() == Focus.ACCOUNTS);
        Refusal refusal = view.refusals.get(0);
        assertThat(refusal.canStopOther()).isFalse();
        assertThat(refusal.details())
                .startsWith("Held on another computer: pid " + elsewhere.pid() + " on host office-pc, for ")
                .endsWith("It can only be stopped there.");
        assertThat(view.questions).isEmpty();
        assertThat(elsewhere.process.isAlive()).isTrue();
        presenter.refresh();
        LauncherState state = awaitState(s -> !s.locks().isEmpty());
        assertThat(rowOf(state, FIRST).where()).isEqualTo("another computer (office-pc)");
        assertThat(rowOf(state, FIRST).canStop()).isFalse();
    }

    // --- safe defaults ---

    @Test
    void aSecondLauncherPreselectsTheFirstFreeAccount() throws Exception {
        otherHolder(FIRST);

        launch(BotCommand.demo());

        LauncherState state = awaitState(s -> !s.locks().isEmpty());
        assertThat(state.selected()).isEqualTo(SECOND.id());
        assertThat(state.accounts())
                .extracting(LauncherState.AccountChoice::usage)
                .containsExactly("in use", "", "");
    }

    @Test
    void anAccountGivenOnTheCommandLineStaysSelectedEvenWhenInUse() throws Exception {
        otherHolder(FIRST);

        launch(BotCommand.demo(), builder -> builder.account(FIRST.id()));

        LauncherState state = awaitState(s -> !s.locks().isEmpty());
        assertThat(state.selected()).isEqualTo(FIRST.id());
    }

    @Test
    void theBrokerUserIsReadOnlyUntilTheUserChoosesToChangeIt() {
        launch(BotCommand.demo());

        presenter.editBroker("stray key");
        presenter.start();
        awaitRunning();
        assertThat(others.inspect(FIRST.id()).holder().brokerUsername()).isEqualTo(FIRST.brokerUsername());
        assertThat(view.states)
                .allSatisfy(state -> assertThat(state.brokerEditable()).isFalse());
        presenter.stop();
        awaitState(state -> state.phase() == Phase.IDLE);

        presenter.changeBroker();
        awaitState(LauncherState::brokerEditable);
        assertThat(view.lastFocus()).isEqualTo(Focus.BROKER);
        presenter.editBroker("jane_topstep");
        presenter.start();

        awaitRunning();
        assertThat(others.inspect(FIRST.id()).holder().brokerUsername()).isEqualTo("jane_topstep");
    }

    @Test
    void selectingAnotherAccountUsesItsBrokerAndMakesTheFieldReadOnlyAgain() {
        launch(BotCommand.demo());
        presenter.changeBroker();
        awaitState(LauncherState::brokerEditable);

        presenter.selectAccount(THIRD.id());

        LauncherState state = awaitState(s -> s.selected().equals(THIRD.id()));
        assertThat(state.broker()).isEqualTo("demo_express");
        assertThat(state.brokerEditable()).isFalse();
    }

    @Test
    void closingWhileIdleClosesAtOnce() {
        launch(BotCommand.demo());

        presenter.requestClose();

        await().atMost(Timing.CHANGE).untilTrue(view.closed);
        assertThat(view.questions).isEmpty();
    }

    @Test
    void closingWhileABotRunsAsksWithTheSafeAnswerKeepRunningThenStopsTheBotAndCloses() {
        launch(BotCommand.demo());
        presenter.start();
        awaitRunning();
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();
        Path lockFile = Path.of(others.inspect(FIRST.id()).location());

        presenter.requestClose();

        await().atMost(Timing.CHANGE).untilTrue(view.closed);
        assertThat(view.questions)
                .containsExactly(new Question(
                        "Bot running",
                        "Stop the bot on account " + FIRST.name() + " and close?",
                        "Stop bot and close",
                        'S',
                        "Keep running"));
        assertThat(bot.isAlive()).isFalse();
        assertThat(lockFile).doesNotExist();
        assertThat(view.phase()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void closingDeclinedKeepsTheBotRunning() {
        launch(BotCommand.demo());
        presenter.start();
        awaitRunning();
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
    void stopForExitStopsTheBotAndReleasesTheLock() {
        launch(BotCommand.demo());
        presenter.start();
        awaitRunning();
        ProcessHandle bot = ProcessHandle.of(botPid()).orElseThrow();

        presenter.stopForExit();

        assertThat(bot.isAlive()).isFalse();
        assertThat(others.inspect(FIRST.id()).state()).isEqualTo(LockState.FREE);
    }

    // --- the lock table ---

    @Test
    void refreshingNeverDisturbsTheLauncherOwnLock() throws Exception {
        launch(BotCommand.demo());
        presenter.start();
        awaitRunning();

        for (int i = 0; i < 10; i++) {
            int before = view.states.size();
            presenter.refresh();
            await().atMost(Timing.CHANGE).until(() -> view.states.size() > before);
        }

        LauncherState state = awaitState(s -> !s.locks().isEmpty());
        assertThat(state.locks()).singleElement().satisfies(row -> {
            assertThat(row.id()).isEqualTo(FIRST.id());
            assertThat(row.place()).isEqualTo(Place.THIS_WINDOW);
            assertThat(row.where()).isEqualTo("this window");
            assertThat(row.botPid()).isEqualTo(Long.toString(botPid()));
        });
        // Another process must still find the OS lock held by this JVM, not only the bot's record.
        ChildJvm.ProcessResult seen =
                ChildJvm.run(InspectProbe.class, dir.toString(), FIRST.id().value());
        assertThat(seen.stdOut())
                .startsWith("held\nheld by pid " + ProcessHandle.current().pid());
    }

    @Test
    void theLockTableSaysWhereEachBotRunsWithNameIdBrokerAgeAndBotPid() throws Exception {
        OtherHolder other = otherHolder(SECOND);
        Files.writeString(
                dir.resolve("account_" + THIRD.id() + ".lock"),
                "{\"account_id\": \"" + THIRD.id() + "\", \"pid\": 999999999, \"created_at\": \"2025-11-09T14:30:00\","
                        + " \"broker_username\": \"old\", \"hostname\": \"" + LocalHost.name() + "\"}");
        launch(BotCommand.demo(), builder -> builder.account(FIRST.id()));
        presenter.start();
        awaitRunning();
        clock.setAfter(
                others.inspect(FIRST.id()).holder().createdAt(),
                Duration.ofMinutes(125).plusSeconds(30));
        presenter.refresh();

        LauncherState state = awaitState(s -> s.locks().size() == 3 && s.phase() == Phase.RUNNING);
        LockRow mine = rowOf(state, FIRST);
        assertThat(mine.account()).isEqualTo(FIRST.name() + " · " + FIRST.id());
        assertThat(mine.where()).isEqualTo("this window");
        assertThat(mine.place().tone()).isEqualTo(Tone.GOOD);
        assertThat(mine.broker()).isEqualTo(FIRST.brokerUsername());
        assertThat(mine.since()).endsWith(", 2h 05m");
        assertThat(mine.botPid()).isEqualTo(Long.toString(botPid()));
        LockRow theirs = rowOf(state, SECOND);
        assertThat(theirs.where()).isEqualTo("another program on this computer");
        assertThat(theirs.explanation()).contains("Held by pid " + other.pid(), "Stop asks it to end");
        assertThat(theirs.canStop()).isTrue();
        assertThat(theirs.canClean()).isFalse();
        assertThat(theirs.botPid()).isEmpty();
        LockRow stale = rowOf(state, THIRD);
        assertThat(stale.where()).isEqualTo("stale");
        assertThat(stale.since()).startsWith("Nov 9 14:30, ");
        assertThat(stale.explanation()).contains("Older launcher pid 999999999 has exited");
        assertThat(stale.canClean()).isTrue();
        assertThat(stale.canStop()).isFalse();
        assertThat(state.accounts())
                .extracting(LauncherState.AccountChoice::usage)
                .containsExactly("running here", "in use", "");
    }

    @Test
    void stopOnARowAsksNamingTheHolderThenStopsItAsLockctlStopDoes() throws Exception {
        OtherHolder other = otherHolder(SECOND);
        launch(BotCommand.demo());
        awaitState(s -> s.locks().size() == 1);

        presenter.stopHolder(SECOND.id());

        await().atMost(Timing.CHANGE).until(() -> !other.process.isAlive());
        assertThat(view.questions.get(0).message())
                .startsWith("Stop another program on this computer (pid " + other.pid() + ") trading " + SECOND.name()
                        + "?");
        LauncherState after = awaitState(s -> s.locks().isEmpty() && s.status().startsWith("Asked"));
        assertThat(after.status())
                .isEqualTo("Asked pid " + other.pid() + " to terminate; account " + SECOND.id() + " is free.");
        assertThat(after.phase()).isEqualTo(Phase.IDLE);
    }

    @Test
    void cleanOnAStaleRowRemovesIt() throws Exception {
        Path stale = Files.writeString(
                dir.resolve("account_" + THIRD.id() + ".lock"),
                "{\"account_id\": \"" + THIRD.id()
                        + "\", \"pid\": 999999999, \"created_at\": \"2025-11-09T14:30:00\"}");
        launch(BotCommand.demo());
        awaitState(s -> s.locks().size() == 1 && s.locks().get(0).canClean());

        presenter.clean(THIRD.id());

        LauncherState after = awaitState(s -> s.locks().isEmpty());
        assertThat(stale).doesNotExist();
        assertThat(after.status()).isEqualTo("Removed the stale lock of account " + THIRD.id() + ".");
    }

    @Test
    void aNewLockFileShowsAtOnceWithoutWaitingForThePoll() {
        launch(BotCommand.demo(), builder -> builder.watch(dir, Duration.ofHours(1)));
        awaitState(s -> s.locks().isEmpty());

        LockHandle held = ((Acquisition.Acquired) others.tryAcquire(SECOND.id(), "someone")).handle();

        awaitState(s -> s.locks().size() == 1);
        held.close();
        awaitState(s -> s.locks().isEmpty());
    }

    @Test
    void aKilledHolderShowsAsStaleAtOnceWithoutWaitingForThePoll() throws Exception {
        OtherHolder other = otherHolder(SECOND);
        launch(BotCommand.demo(), builder -> builder.watch(dir, Duration.ofHours(1)));
        awaitState(s -> s.locks().size() == 1 && s.locks().get(0).place() == Place.THIS_COMPUTER);

        other.process.destroyForcibly();

        LauncherState after =
                awaitState(s -> s.locks().size() == 1 && s.locks().get(0).place() == Place.STALE);
        assertThat(after.locks().get(0).canClean()).isTrue();
    }

    // --- remembering ---

    @Test
    void theLastAccountStrategyAndThemeAreRememberedPerLockDirectory() {
        launch(BotCommand.demo());
        presenter.selectAccount(SECOND.id());
        presenter.selectStrategy("NQ");
        presenter.chooseTheme("dark");
        awaitState(s -> s.theme().equals("dark") && s.selected().equals(SECOND.id()));
        presenter.rememberBounds(new LauncherPrefs.Bounds(10, 20, 900, 700));
        presenter.requestClose();
        await().atMost(Timing.CHANGE).untilTrue(view.closed);

        LauncherPresenter next = LauncherPresenter.builder(locks, AccountsConfig.demo(), ui)
                .prefs(new LauncherPrefs(prefsNode))
                .build();
        RecordingView nextView = new RecordingView();
        next.attach(nextView);

        await().atMost(Timing.CHANGE).until(() -> nextView.last() != null);
        LauncherState state = nextView.last();
        assertThat(state.selected()).isEqualTo(SECOND.id());
        assertThat(state.strategy()).isEqualTo("NQ");
        assertThat(state.theme()).isEqualTo("dark");
        assertThat(next.rememberedBounds()).contains(new LauncherPrefs.Bounds(10, 20, 900, 700));
        next.requestClose();
        await().atMost(Timing.CHANGE).untilTrue(nextView.closed);
    }

    @Test
    void aThemeGivenOnTheCommandLineWinsOverTheRememberedOne() {
        new LauncherPrefs(prefsNode).theme("dark");

        launch(BotCommand.demo(), builder -> builder.theme("light"));

        assertThat(view.last().theme()).isEqualTo("light");
    }
}
