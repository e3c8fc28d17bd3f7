package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The checklist users run by hand, with real bot processes. */
class UserChecklistTest extends ChildProcessTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");
    private static final AccountId OTHER_ACCOUNT = AccountId.of("654321");

    @Test
    void startingABotCreatesItsLock() throws Exception {
        // when
        Child bot = startBot(ACCOUNT, "john_topstep");

        // then
        assertThat(lockFile(ACCOUNT)).exists();
        LockStatus status = inspect(ACCOUNT);
        assertThat(status.state()).isEqualTo(LockState.HELD);
        assertThat(status.holder().pid()).isEqualTo(bot.pid());
        assertThat(status.holder().brokerUsername()).isEqualTo("john_topstep");
    }

    @Test
    void secondBotOnTheSameAccountIsBlocked() {
        // given
        startBot(ACCOUNT, "john_topstep");

        // when
        ProcessResult second = children.run(TradingBot.class, lockDir, ACCOUNT.value(), "jane");

        // then
        assertThat(second.exitCode()).as(second.describe()).isEqualTo(TradingBot.REFUSED);
        assertThat(second.stdErr())
                .contains(
                        "Account '123456' is already being traded!",
                        "Broker: john_topstep",
                        "You cannot run multiple bots on the same trading account.");
    }

    @Test
    void closingTheFirstBotRemovesItsLock() {
        // given
        Child bot = startBot(ACCOUNT, "john_topstep");

        // when
        bot.stop();

        // then
        ProcessResult closed = bot.awaitExit(Timing.CHILD_STOP);
        assertThat(closed.exitCode()).as(closed.describe()).isZero();
        assertThat(lockFile(ACCOUNT)).doesNotExist();
    }

    @Test
    void botStoppedWithSigtermRemovesItsLockOnTheWayOut() {
        // given
        Child bot = startBot(ACCOUNT, "john_topstep");

        // when: the polite kill that closing a terminal or a service manager sends. Process.destroy()
        // also closes the bot's standard input, so the bot's own release (on end of input) races with
        // its shutdown hook's release: each must wait for the other, not return while it is half done.
        bot.process().destroy();

        // then
        ProcessResult stopped = bot.awaitExit(Timing.CHILD_STOP);
        assertThat(lockFile(ACCOUNT))
                .as("%s%nlock file: %s", stopped.describe(), contentOf(lockFile(ACCOUNT)))
                .doesNotExist();
    }

    @Test
    void secondBotIsAllowedOnceTheFirstHasClosed() {
        // given
        Child first = startBot(ACCOUNT, "john_topstep");
        assertThat(children.run(TradingBot.class, lockDir, ACCOUNT.value(), "jane")
                        .exitCode())
                .isEqualTo(TradingBot.REFUSED);
        first.stop();
        first.awaitExit(Timing.CHILD_STOP);

        // when
        Child second = startBot(ACCOUNT, "jane");

        // then
        assertThat(inspect(ACCOUNT).holder().pid()).isEqualTo(second.pid());
    }

    @Test
    void forcefullyKilledBotsLockIsDetectedAsStaleAndTakenOverOnTheNextLaunch() throws Exception {
        // given
        Child first = startBot(ACCOUNT, "john_topstep");
        first.kill();
        first.awaitDeath();
        assertThat(lockFile(ACCOUNT)).as("a killed bot cannot clean up").exists();
        Timing.waitAtMost(Timing.RECOVERY).until(() -> inspect(ACCOUNT).state() == LockState.STALE);

        // when
        Child next = startBot(ACCOUNT, "jane");

        // then
        assertThat(next.stdOut()).contains("FOUND stale: holder pid " + first.pid() + " has exited");
        assertThat(Files.readString(lockFile(ACCOUNT), StandardCharsets.UTF_8))
                .contains("\"pid\" : " + next.pid())
                .doesNotContain("john_topstep");
    }

    @Test
    void botsOnDifferentAccountsRunSideBySide() {
        // when
        Child first = startBot(ACCOUNT, "john_topstep");
        Child second = startBot(OTHER_ACCOUNT, "jane");

        // then
        assertThat(inspect(ACCOUNT).holder().pid()).isEqualTo(first.pid());
        assertThat(inspect(OTHER_ACCOUNT).holder().pid()).isEqualTo(second.pid());
        assertThat(first.isAlive()).isTrue();
    }

    /** Starts a bot and waits until it trades. */
    private Child startBot(AccountId account, String broker) {
        Child bot = children.start(TradingBot.class, lockDir, account.value(), broker);
        bot.awaitLine("RUNNING", Timing.CHILD_START);
        return bot;
    }

    /** Looks from this process, which holds no lock. */
    private LockStatus inspect(AccountId account) {
        try (AccountLocks locks = AccountLocks.open(lockDir)) {
            return locks.inspect(account);
        }
    }

    private static String contentOf(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "none";
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    private Path lockFile(AccountId account) {
        return OlderLauncherFile.path(lockDir, account);
    }
}
