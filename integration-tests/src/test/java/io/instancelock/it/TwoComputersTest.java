package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two computers, one lock server: each "computer" is its own lock directory and host name
 * ({@code INSTANCELOCK_HOST}), all sharing one real PostgreSQL server. Processes are real: child JVMs
 * and {@code bin/lockctl}, whose bots are real commands.
 */
class TwoComputersTest extends ChildProcessTest {

    private static final Path REPOSITORY = Path.of(System.getProperty("basedir", "."))
            .toAbsolutePath()
            .normalize()
            .getParent();
    private static final Path LOCKCTL = REPOSITORY.resolve("bin/lockctl");

    private static final AtomicInteger ACCOUNTS = new AtomicInteger();

    private static LockServer server;

    /** A fresh account per test: the server outlives the tests of this class. */
    private AccountId account;

    private Computer pcA;
    private Computer pcB;

    /** One computer: its lock directory and host name, sharing the test's server. */
    private record Computer(String host, Path lockDir) {
        Map<String, String> environment() {
            return Map.of("INSTANCELOCK_HOST", host, LockServer.URL_VARIABLE, server.url());
        }
    }

    @BeforeAll
    static void startTheServer() {
        server = LockServer.start();
    }

    @AfterAll
    static void stopTheServer() {
        server.close();
    }

    @BeforeEach
    void twoComputers() throws Exception {
        account = AccountId.of("pc-test-" + ACCOUNTS.incrementAndGet() + "-"
                + ProcessHandle.current().pid());
        pcA = new Computer("pc-a", Files.createDirectories(work.resolve("pc-a").resolve("locks")));
        pcB = new Computer("pc-b", Files.createDirectories(work.resolve("pc-b").resolve("locks")));
    }

    @Test
    void processesOnTwoComputersContendingForOneAccountAreNeverInsideTogether() throws Exception {
        // given: two workers on each computer, all ready before the first cycle
        int cycles = Math.max(10, Counts.CYCLES / 5);
        List<Child> workers = new ArrayList<>();
        for (Computer computer : List.of(pcA, pcB, pcA, pcB)) {
            workers.add(children.startWith(
                    computer.environment(),
                    ContendingWorker.class,
                    computer.lockDir(),
                    account.value(),
                    shared,
                    cycles,
                    ContendingWorker.Mode.WAIT));
        }
        for (Child worker : workers) {
            worker.awaitLine("READY", Timing.CHILD_START);
        }

        // when
        long started = System.nanoTime();
        workers.forEach(worker -> worker.send("go"));
        List<ProcessResult> results = new ArrayList<>();
        for (Child worker : workers) {
            results.add(worker.awaitExit(Timing.workersFinish((long) workers.size() * cycles * 4)));
        }
        long elapsed = System.nanoTime() - started;

        // then
        SectionLogReport report = SectionLogReport.analyse(SectionLog.read(shared.resolve("sections.log")));
        long expected = (long) workers.size() * cycles;
        SuiteSummary.add("two computers, one lock server: " + workers.size() + " processes x " + cycles + " cycles: "
                + report.summary() + ", " + SuiteSummary.millis(elapsed));
        assertThat(report.overlaps()).as("overlapping critical sections").isEmpty();
        assertThat(report.violations())
                .as("shared resource used by two at once")
                .isEmpty();
        for (ProcessResult result : results) {
            assertThat(result.exitCode()).as(result.describe()).isZero();
        }
        assertThat(report.cycles()).isEqualTo(expected);
        assertThat(ExclusiveResource.count(shared)).isEqualTo(expected);
        assertThat(lockFiles(pcA.lockDir())).isEmpty();
        assertThat(lockFiles(pcB.lockDir())).isEmpty();
    }

    @Test
    void aSecondBotOnTheOtherComputerIsRefusedNamingTheHostAndListShowsIt() throws Exception {
        // given
        Child holder = lockctl(pcA, "run", "--broker", "john_a", account.value(), "--", "sleep", "600");
        String botPid = awaitHeldWithBot(pcB);

        // when
        ProcessResult refused = lockctl(pcB, "run", "--broker", "jane_b", account.value(), "--", "true")
                .awaitExit(Timing.CHILD_STOP);
        ProcessResult listed = lockctl(pcB, "list").awaitExit(Timing.CHILD_STOP);

        // then
        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(75);
        assertThat(refused.stdErr()).contains("john_a").contains("pc-a");
        assertThat(listed.exitCode()).as(listed.describe()).isZero();
        assertThat(listed.stdOut())
                .contains(account.value())
                .contains("held")
                .contains("pc-a")
                .contains(botPid);
        holder.kill();
    }

    @Test
    void aWaiterOnTheOtherComputerTakesOverWithALargerFencingToken() throws Exception {
        // given: a bot on pc-a that runs until the gate file appears
        Path gate = shared.resolve("gate");
        Path tokenA = shared.resolve("token-a");
        Path tokenB = shared.resolve("token-b");
        Child holder = lockctl(
                pcA,
                "run",
                account.value(),
                "--",
                "sh",
                "-c",
                "echo $LOCKCTL_FENCING_TOKEN > " + tokenA + "; while [ ! -e " + gate + " ]; do sleep 0.02; done");
        awaitHeldWithBot(pcB);
        Child waiter = lockctl(
                pcB,
                "run",
                "--wait",
                "60s",
                account.value(),
                "--",
                "sh",
                "-c",
                "echo $LOCKCTL_FENCING_TOKEN > " + tokenB);
        Timing.waitAtMost(Timing.CHILD_START).until(() -> Files.exists(tokenA));

        // when
        Files.writeString(gate, "go");

        // then
        assertThat(holder.awaitExit(Timing.CHILD_STOP).exitCode()).isZero();
        ProcessResult taken = waiter.awaitExit(Timing.CHILD_ACQUIRE);
        assertThat(taken.exitCode()).as(taken.describe()).isZero();
        long first = Long.parseLong(Files.readString(tokenA).trim());
        long second = Long.parseLong(Files.readString(tokenB).trim());
        assertThat(second).isGreaterThan(first);
    }

    @Test
    void killingTheHolderKillsItsBotAndTheOtherComputerTakesOver() throws Exception {
        // given
        TakeOver scenario = holderAndWaiter("60s");
        Child holder = scenario.holder();
        Child waiter = scenario.waiter();

        // when
        long killed = System.nanoTime();
        holder.kill();

        // then
        Timing.waitAtMost(Timing.DYING_HOLDER)
                .until(() -> ProcessHandle.of(scenario.botPid())
                        .map(p -> !p.isAlive())
                        .orElse(true));
        ProcessResult taken = waiter.awaitExit(Timing.CHILD_ACQUIRE);
        SuiteSummary.add("two computers: holder SIGKILLed -> other computer's waiter done after "
                + SuiteSummary.millis(System.nanoTime() - killed));
        assertThat(taken.exitCode()).as(taken.describe()).isZero();
        assertThat(Files.readString(scenario.ran()).trim())
                .as("the dead holder's bot, seen from the new holder's bot")
                .isEqualTo("dead");
    }

    @Test
    void aServerSessionEndedByAnAdminIsALossThatStopsTheBot() throws Exception {
        // given
        Child holder = lockctl(pcA, "run", account.value(), "--", "sleep", "600");
        long botPid = Long.parseLong(awaitHeldWithBot(pcB));

        // when
        List<Integer> ended = server.terminateLockHolders();

        // then
        assertThat(ended).isNotEmpty();
        ProcessResult lost = holder.awaitExit(Timing.CHILD_STOP);
        assertThat(lost.exitCode()).as(lost.describe()).isEqualTo(76);
        assertThat(lost.stdErr()).contains("lost").contains("sleep was stopped");
        assertThat(ProcessHandle.of(botPid).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
        ProcessResult after = lockctl(pcB, "run", account.value(), "--", "true").awaitExit(Timing.CHILD_STOP);
        assertThat(after.exitCode()).as(after.describe()).isZero();
    }

    @Test
    void anUnreachableServerExits69AndHoldsNothingOnThisComputer() throws Exception {
        // given: a port nobody listens on
        Map<String, String> environment = Map.of("INSTANCELOCK_HOST", "pc-a");

        // when
        ProcessResult result = children.startTool(
                        "lockctl",
                        List.of(
                                LOCKCTL.toString(),
                                "--dir",
                                pcA.lockDir().toString(),
                                "--server",
                                "postgresql://bots@127.0.0.1:1/locks",
                                "run",
                                account.value(),
                                "--",
                                "true"),
                        environment)
                .awaitExit(Timing.CHILD_STOP);

        // then
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(69);
        assertThat(result.stdErr())
                .contains("127.0.0.1:1")
                .doesNotContain("\tat ")
                .doesNotContain("Exception");
        assertThat(lockFiles(pcA.lockDir())).isEmpty();
    }

    @Test
    void stopOnTheOtherComputerEndsTheHolderThroughTheServer() throws Exception {
        // given
        Child holder = lockctl(pcA, "run", account.value(), "--", "sleep", "600");
        awaitHeldWithBot(pcB);

        // when
        ProcessResult stopped =
                lockctl(pcB, "stop", "--timeout", "30s", account.value()).awaitExit(Timing.CHILD_ACQUIRE);

        // then
        assertThat(stopped.exitCode()).as(stopped.describe()).isZero();
        assertThat(stopped.stdOut()).contains("pc-a").contains("is free");
        ProcessResult ended = holder.awaitExit(Timing.CHILD_STOP);
        assertThat(ended.exitCode())
                .as("COMMAND's own code, as after SIGTERM: " + ended.describe())
                .isEqualTo(143);
        assertThat(ended.stdErr()).contains("asked through the lock server to stop");
    }

    @Test
    void aFrozenHoldersBotIsDeadBeforeTheOtherComputerGetsTheAccount() throws Exception {
        // given
        TakeOver scenario = holderAndWaiter("120s");
        Child holder = scenario.holder();
        Child waiter = scenario.waiter();

        // when: the holder's JVM alone is frozen, its bot runs on
        long frozen = System.nanoTime();
        signal(holder.pid(), "STOP");
        ProcessResult taken;
        try {
            taken = waiter.awaitExit(Timing.CHILD_ACQUIRE.plus(Duration.ofSeconds(60)));
        } finally {
            signal(holder.pid(), "CONT");
        }

        // then
        SuiteSummary.add("two computers: holder frozen -> other computer took over after "
                + SuiteSummary.millis(System.nanoTime() - frozen));
        assertThat(taken.exitCode()).as(taken.describe()).isZero();
        assertThat(Files.readString(scenario.ran()).trim())
                .as("the frozen holder's bot, seen from the new holder's bot")
                .isEqualTo("dead");
        ProcessResult woke = holder.awaitExit(Timing.CHILD_STOP);
        assertThat(woke.exitCode()).as(woke.describe()).isEqualTo(76);
    }

    /**
     * A holder on pc-a whose bot sleeps, and a waiter on pc-b (waiting up to {@code wait}) whose bot
     * writes to {@code ran} whether the holder's bot still ran when the waiter got the account.
     */
    private record TakeOver(Child holder, long botPid, Path ran, Child waiter) {}

    private TakeOver holderAndWaiter(String wait) {
        Child holder = lockctl(pcA, "run", account.value(), "--", "sleep", "600");
        long botPid = Long.parseLong(awaitHeldWithBot(pcB));
        Path ran = shared.resolve("ran-on-b");
        Child waiter = lockctl(pcB, "run", "--wait", wait, account.value(), "--", "sh", "-c", deadOrAlive(botPid, ran));
        awaitWaiting(waiter);
        return new TakeOver(holder, botPid, ran, waiter);
    }

    /**
     * A shell command that writes whether a process runs: a zombie has stopped running (its parent, a
     * frozen holder, cannot collect it yet), so it counts as dead.
     */
    private static String deadOrAlive(long pid, Path result) {
        return "s=$(cut -d' ' -f3 /proc/" + pid + "/stat 2>/dev/null); if [ -z \"$s\" ] || [ \"$s\" = Z ];"
                + " then echo dead > " + result + "; else echo alive > " + result + "; fi";
    }

    /** Starts {@code bin/lockctl --dir DIR --server URL ARGS} on a computer. */
    private Child lockctl(Computer computer, String... args) {
        List<String> command = new ArrayList<>(
                List.of(LOCKCTL.toString(), "--dir", computer.lockDir().toString(), "--server", server.url()));
        command.addAll(List.of(args));
        return children.startTool("lockctl-" + computer.host(), command, Map.of("INSTANCELOCK_HOST", computer.host()));
    }

    /** Waits until the other computer sees the account held with a bot recorded; returns the bot's pid. */
    private String awaitHeldWithBot(Computer observer) {
        String[] bot = new String[1];
        Timing.waitAtMost(Timing.CHILD_ACQUIRE).until(() -> {
            ProcessResult status =
                    lockctl(observer, "status", "--json", account.value()).awaitExit(Timing.CHILD_STOP);
            int at = status.stdOut().indexOf("\"bot_pid\"");
            if (status.exitCode() != 75 || at < 0) {
                return false;
            }
            String rest = status.stdOut().substring(at + "\"bot_pid\"".length()).replaceFirst("^\\s*:\\s*", "");
            String digits = rest.replaceFirst("^(\\d+).*", "$1").trim();
            if (digits.isEmpty() || !Character.isDigit(digits.charAt(0))) {
                return false;
            }
            bot[0] = digits.lines().findFirst().orElse("");
            return !bot[0].isEmpty();
        });
        return bot[0];
    }

    /** Waits until a waiting {@code lockctl run --wait} waits at the server. */
    private static void awaitWaiting(Child waiter) {
        Timing.waitAtMost(Timing.CHILD_START)
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !waiter.isAlive() || server.waitingSessions() > 0);
        assertThat(waiter.isAlive())
                .as("the waiter must still wait: " + waiter.output())
                .isTrue();
    }

    private static void signal(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
        kill.getOutputStream().close();
        assertThat(kill.waitFor()).as("kill -" + signal + " " + pid).isZero();
        assertThat(new String(kill.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                .isEmpty();
    }
}
