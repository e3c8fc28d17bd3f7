package io.instancelock.gui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.RefusalMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole launcher processes on one lock directory, as users run them; needs a display (Xvfb in CI). */
class TwoLaunchersTest {

    private static final Account FIRST = AccountsConfig.demo().accounts().get(0);

    @TempDir
    Path work;

    private Path lockDir;
    private AccountLocks observer;
    private final List<LauncherProcess> launchers = new ArrayList<>();

    @BeforeAll
    static void needsADisplay() {
        NeedsDisplay.require(TwoLaunchersTest.class);
    }

    @BeforeEach
    void openObserver() {
        lockDir = work.resolve("locks");
        observer = AccountLocks.open(lockDir);
    }

    @AfterEach
    void stopLaunchers() {
        launchers.forEach(LauncherProcess::close);
        observer.close();
    }

    private LauncherProcess launcher(String name, String... args) throws Exception {
        LauncherProcess launcher = LauncherProcess.start(lockDir, work, name, args);
        launchers.add(launcher);
        return launcher;
    }

    private LockStatus firstAccount() {
        return observer.inspect(FIRST.id());
    }

    @Test
    void aSecondLauncherOnTheSameAccountIsRefusedWithTheStandardDialog() throws Exception {
        LauncherProcess first = launcher("first", "--account", FIRST.id().value(), "--start");
        first.awaitShown("phase", "RUNNING");

        LauncherProcess second = launcher("second", "--account", FIRST.id().value(), "--start");

        second.awaitShown("dialog.title", "Account already in use");
        assertThat(second.shown("dialog.message"))
                .isEqualTo(RefusalMessage.of(FIRST.name(), firstAccount().holder()));
        assertThat(second.shown("dialog.details"))
                .startsWith("Held by another launcher on this computer: pid " + first.process.pid() + " on host ")
                .endsWith(", bot pid " + firstAccount().holder().bot().pid() + ".");
        second.awaitShown("phase", "IDLE");
        assertThat(first.shown("phase")).isEqualTo("RUNNING");
        assertThat(firstAccount().holder().pid()).isEqualTo(first.process.pid());
    }

    @Test
    void aKilledLauncherLeavesTheAccountHeldUntilItsBotHasExited() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep as a bot that ignores its stdin");
        LauncherProcess first =
                launcher("first", "--account", FIRST.id().value(), "--start", "--bot-command", "/bin/sleep 300");
        first.awaitShown("phase", "RUNNING");
        ProcessHandle bot =
                ProcessHandle.of(firstAccount().holder().bot().pid()).orElseThrow();

        first.process.destroyForcibly().waitFor();

        assertThat(bot.isAlive()).isTrue();
        assertThat(firstAccount().state()).isEqualTo(LockState.HELD);
        assertThat(firstAccount().reason()).contains("is still running");
        LauncherProcess next = launcher("next", "--account", FIRST.id().value(), "--start");
        next.awaitShown("dialog.title", "Account already in use");
        assertThat(next.shown("dialog.details"))
                .startsWith("Orphaned bot: its bot (pid " + bot.pid() + ") still trades this account, but the "
                        + "launcher that started it (pid " + first.process.pid() + ") is gone");
        await().atMost(Timing.CHANGE).until(() -> next.shown("accounts").contains(FIRST.id() + "=in use;"));

        bot.destroy();

        await().atMost(Timing.CHANGE).until(() -> !firstAccount().state().blocksAcquirers());
    }

    @Test
    void theDemoBotStopsByItselfWhenItsLauncherIsKilled() throws Exception {
        LauncherProcess first = launcher("first", "--account", FIRST.id().value(), "--start");
        first.awaitShown("phase", "RUNNING");
        ProcessHandle bot =
                ProcessHandle.of(firstAccount().holder().bot().pid()).orElseThrow();

        first.process.destroyForcibly().waitFor();

        await().atMost(Timing.CHANGE).until(() -> !bot.isAlive());
        assertThat(firstAccount().state().blocksAcquirers()).isFalse();
    }

    @Test
    void terminatingALauncherStopsItsBotAndFreesTheAccount() throws Exception {
        LauncherProcess first = launcher("first", "--account", FIRST.id().value(), "--start");
        first.awaitShown("phase", "RUNNING");
        ProcessHandle bot =
                ProcessHandle.of(firstAccount().holder().bot().pid()).orElseThrow();
        Path lockFile = Path.of(firstAccount().location());

        first.process.destroy();

        assertThat(first.process.waitFor()).isNotZero();
        await().atMost(Timing.CHANGE).until(() -> !bot.isAlive());
        assertThat(firstAccount().state()).isEqualTo(LockState.FREE);
        assertThat(lockFile).doesNotExist();
    }

    @Test
    void aMalformedAccountsFileIsReportedAndTheDemoAccountsAreOffered() throws Exception {
        Path accounts = Files.writeString(work.resolve("accounts.json"), "{\"accounts\": [ {\"id\": 1 ]}");

        LauncherProcess launcher = launcher("bad-file", "--accounts", accounts.toString());

        launcher.awaitShown("dialog.title", "Accounts file problem");
        assertThat(launcher.shown("dialog.message"))
                .contains("accounts file " + accounts.toAbsolutePath() + ": not valid JSON");
        assertThat(launcher.shown("accounts")).startsWith(AccountId.of("100001") + "=;");
    }
}
