package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.cli.Lockctl;
import io.instancelock.core.AccountId;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LocalProcesses;
import io.instancelock.it.backend.DeadlineTestBackendFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With a backend whose claim can outlive a frozen holder (a lock server; here the test backend that
 * plays one, {@link DeadlineTestBackendFactory}), a bot never trades on for a holder that died or
 * froze: {@code lockctl run} in a child JVM, killed, stopped with SIGSTOP, or asked to stop.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "PR_SET_PDEATHSIG through setpriv, setsid, /proc, POSIX signals")
class BotDiesWithHolderTest {

    private static final Pattern BOT_PID = Pattern.compile("\"bot_pid\" : (\\d+)");
    private static final String ACCOUNT = "F1";

    @TempDir
    Path work;

    private Path dir;
    private ChildJvms jvms;
    private final List<Long> toKill = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectory(work.resolve("locks" + DeadlineTestBackendFactory.SUFFIX));
        jvms = new ChildJvms(work.resolve("output"));
    }

    @AfterEach
    void stopLeftovers() {
        jvms.close();
        toKill.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    private Child lockctl(Map<String, String> environment, String... args) {
        List<Object> all = new ArrayList<>(List.of("--dir", dir));
        all.addAll(List.of(args));
        return jvms.startWith(environment, Lockctl.class, all.toArray());
    }

    /** {@code lockctl run F1 -- sh -c 'sleep 999; :'}: a wrapper script whose real bot is its child. */
    private Child runWrapperScript() {
        return lockctl(Map.of(), "run", ACCOUNT, "--", "sh", "-c", "sleep 999; :");
    }

    /** The bot's group, once the holder has recorded it as dying with its holder. */
    private BotProcess awaitBot(Child holder) {
        Path file = dir.resolve("account_" + ACCOUNT + ".lock");
        long[] pid = new long[1];
        Timing.waitAtMost(Timing.CHILD_START)
                .pollInterval(Duration.ofMillis(20))
                .failFast(() -> !holder.isAlive())
                .until(() -> {
                    String record = Files.exists(file) ? Files.readString(file) : "";
                    Matcher bot = BOT_PID.matcher(record);
                    if (!bot.find() || !record.contains("\"bot_dies_with_holder\" : true")) {
                        return false;
                    }
                    pid[0] = Long.parseLong(bot.group(1));
                    return true;
                });
        toKill.add(pid[0]);
        return new BotProcess(pid[0], null, null, pid[0]);
    }

    /** Waits until the bot's leader has started a child (the script's {@code sleep}). */
    private ProcessHandle awaitChild(BotProcess bot) {
        ProcessHandle[] child = new ProcessHandle[1];
        Timing.waitAtMost(Timing.CHILD_START)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    child[0] = ProcessHandle.of(bot.pid())
                            .flatMap(p -> p.children().findFirst())
                            .orElse(null);
                    return child[0] != null;
                });
        toKill.add(child[0].pid());
        return child[0];
    }

    private static void signal(String name, Child process) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                        .start()
                        .waitFor())
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sleep 999", "sh -c 'sleep 999; :'"})
    void holderKilledWithSigkillTakesItsWholeBotGroupWithItAndAnotherComputerTakesOver(String command)
            throws Exception {
        // given
        Child holder = command.startsWith("sleep")
                ? lockctl(Map.of(), "run", ACCOUNT, "--", "sleep", "999")
                : runWrapperScript();
        BotProcess bot = awaitBot(holder);
        if (command.startsWith("sh")) {
            awaitChild(bot);
        }
        // when
        long killed = System.nanoTime();
        holder.kill();
        // then
        Timing.waitAtMost(Timing.DYING_HOLDER).until(() -> !LocalProcesses.botRuns(bot));
        System.out.printf(
                "[bot-dies-with-holder] %s: bot group dead %d ms after SIGKILL of its holder%n",
                command, (System.nanoTime() - killed) / 1_000_000);
        // and another computer takes the account over (today's rule would call it unknown)
        ProcessResult other = lockctl(Map.of("INSTANCELOCK_HOST", "computer-b"), "run", ACCOUNT, "--", "true")
                .awaitExit(Timing.CHILD_STOP);
        assertThat(other.exitCode()).as(other.toString()).isZero();
    }

    @Test
    void frozenHolderHasItsBotStoppedBeforeTheDeadlineAndReportsTheLossWhenItRunsAgain() throws Exception {
        // given
        Child holder = runWrapperScript();
        BotProcess bot = awaitBot(holder);
        ProcessHandle realBot = awaitChild(bot);
        // when: the holder JVM is frozen (a debugger, a laptop asleep), its bot not
        long frozen = System.nanoTime();
        signal("STOP", holder);
        // then: the bot's whole group is stopped within the deadline (the promise, not scaled)
        Timing.waitAtMost(DeadlineTestBackendFactory.DEADLINE).until(() -> !LocalProcesses.botRuns(bot));
        System.out.printf(
                "[bot-dies-with-holder] frozen holder: bot group dead %d ms after SIGSTOP (deadline %d ms)%n",
                (System.nanoTime() - frozen) / 1_000_000, DeadlineTestBackendFactory.DEADLINE.toMillis());
        assertThat(realBot.isAlive() && LocalProcesses.botRuns(new BotProcess(realBot.pid(), null, null, 0)))
                .as("the script's sleep")
                .isFalse();
        // when it runs again
        signal("CONT", holder);
        // then
        ProcessResult result = holder.awaitExit(Timing.CHILD_STOP);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(76);
        assertThat(result.stdErr())
                .contains("lockctl: lost the lock of account F1: this holder did not answer for")
                .contains("sh was stopped")
                .doesNotContain("\tat ");
        assertThat(lockctl(Map.of(), "run", ACCOUNT, "--", "true")
                        .awaitExit(Timing.CHILD_STOP)
                        .exitCode())
                .isZero();
    }

    @Test
    void stopRequestThroughTheBackendEndsTheBotAndLockctlExitsWithItsCode() throws Exception {
        // given
        Child holder = runWrapperScript();
        BotProcess bot = awaitBot(holder);
        ProcessHandle realBot = awaitChild(bot);
        // when: lockctl stop on another computer
        Files.writeString(DeadlineTestBackendFactory.stopRequestFile(dir, AccountId.of(ACCOUNT)), "stop\n");
        // then: as after SIGTERM, the command's own code
        ProcessResult result = holder.awaitExit(Timing.CHILD_STOP);
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(143);
        assertThat(LocalProcesses.botRuns(new BotProcess(realBot.pid(), null, null, 0)))
                .isFalse();
        assertThat(dir.resolve("account_" + ACCOUNT + ".lock")).doesNotExist();
    }
}
