package io.instancelock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.cli.LockctlProcesses.ProcessResult;
import io.instancelock.cli.LockctlProcesses.Started;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** lockctl as users and scripts run it: bin/lockctl, real processes, real signals, real OS locks. */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "uses POSIX signals, sh and sleep")
class LockctlProcessIT {

    @TempDir
    Path work;

    private Path dir;
    private LockctlProcesses lockctl;
    private Long botToCleanUp;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectory(work.resolve("locks"));
        lockctl = new LockctlProcesses(dir, Files.createDirectory(work.resolve("output")));
    }

    @AfterEach
    void stopLeftovers() {
        if (botToCleanUp != null) {
            ProcessHandle.of(botToCleanUp).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private long awaitCommandRunning(String account) {
        Long[] bot = new Long[1];
        await().atMost(Timing.STATE_CHANGE)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> (bot[0] = lockctl.botPid(account)) != null);
        botToCleanUp = bot[0];
        return bot[0];
    }

    /** What is in the lock directory besides its guard file, which stays for good. */
    private List<String> lockDirectoryContent() throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.equals(".instance-lock"))
                    .toList();
        }
    }

    @Test
    void secondRunIsRefusedWhileTheFirstHoldsTheAccountAndSigtermToTheFirstFreesIt() throws IOException {
        Started first = lockctl.start("run", "--broker", "john_topstep", "123456", "--", "sleep", Timing.LONG_SLEEP);
        long bot = awaitCommandRunning("123456");

        ProcessResult second = lockctl.run("run", "--name", "Combine 50K - $50,000.00", "123456", "--", "true");

        assertThat(second.exitCode()).isEqualTo(75);
        assertThat(second.stdErr())
                .startsWith("Account 'Combine 50K - $50,000.00' is already being traded!\n\n"
                        + "Broker: john_topstep\nStarted: ")
                .contains("You cannot run multiple bots on the same trading account.");

        first.process().destroy();
        ProcessResult firstResult = first.awaitExit();

        assertThat(firstResult.exitCode()).as("sleep ended by SIGTERM").isEqualTo(143);
        assertThat(ProcessHandle.of(bot).filter(ProcessHandle::isAlive))
                .as("the command has exited")
                .isEmpty();
        assertThat(lockctl.list()).isEmpty();
        assertThat(lockDirectoryContent()).isEmpty();
    }

    @Test
    void runPassesTheLockToTheCommandsEnvironmentAndExitsWithItsCode() throws IOException {
        ProcessResult result = lockctl.run(
                "run",
                "42",
                "--",
                "sh",
                "-c",
                "echo \"$LOCKCTL_ACCOUNT $LOCKCTL_LOCK_FILE\"; test -f \"$LOCKCTL_LOCK_FILE\" && exit 7");

        assertThat(result.exitCode()).isEqualTo(7);
        assertThat(result.stdOut()).isEqualTo("42 " + dir.toRealPath().resolve("account_42.lock") + "\n");
        assertThat(lockDirectoryContent()).isEmpty();
    }

    @Test
    void commandThatCannotBeStartedExits127AndLeavesTheAccountFree() throws IOException {
        ProcessResult result = lockctl.run("run", "42", "--", "/no/such/program");

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stdErr()).contains("cannot start /no/such/program").doesNotContain("\tat ");
        assertThat(lockDirectoryContent()).isEmpty();
    }

    @Test
    void accountStaysHeldWhileTheCommandOutlivesAKilledLockctl() {
        Started holder = lockctl.start("run", "123456", "--", "sleep", Timing.LONG_SLEEP);
        long bot = awaitCommandRunning("123456");

        holder.process().destroyForcibly();
        assertThat(holder.awaitExit().exitCode()).isEqualTo(137);

        ProcessResult status = lockctl.run("status", "123456");
        assertThat(status.exitCode()).isEqualTo(75);
        assertThat(status.stdOut()).contains("its bot (pid " + bot + ", or a process it started) is still running");
        assertThat(lockctl.run("run", "123456", "--", "true").exitCode()).isEqualTo(75);

        ProcessHandle.of(bot).ifPresent(ProcessHandle::destroy);
        await().atMost(Timing.STATE_CHANGE)
                .until(() -> lockctl.run("status", "123456").exitCode() == 0);
        ProcessResult clean = lockctl.run("clean");
        assertThat(clean.stdOut())
                .contains("removed 123456: holder pid " + holder.process().pid());
    }

    @Test
    void stopAsksTheHolderToTerminateAndTheAccountBecomesFree() throws IOException {
        Started holder = lockctl.start("run", "123456", "--", "sleep", Timing.LONG_SLEEP);
        long bot = awaitCommandRunning("123456");

        ProcessResult stop = lockctl.run("stop", "123456");

        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.stdOut())
                .contains("asked holder pid " + holder.process().pid())
                .contains("account 123456 is free");
        assertThat(holder.awaitExit().exitCode()).isEqualTo(143);
        assertThat(ProcessHandle.of(bot).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(lockDirectoryContent()).isEmpty();
    }

    @Test
    void stopWithKillForcesACommandThatIgnoresSigterm() throws IOException {
        Started holder = lockctl.start("run", "123456", "--", "sh", "-c", "trap '' TERM; while :; do sleep 0.2; done");
        awaitCommandRunning("123456");

        ProcessResult gentle = lockctl.run("stop", "--timeout", "1s", "123456");

        assertThat(gentle.exitCode()).isEqualTo(75);
        assertThat(gentle.stdErr()).contains("still held after 1s").contains("lockctl stop --kill 123456");

        ProcessResult forced = lockctl.run("stop", "--timeout", "1s", "--kill", "123456");

        assertThat(forced.exitCode()).as(forced.toString()).isZero();
        assertThat(forced.stdOut()).contains("killed bot pid").contains("account 123456 is free");
        holder.awaitExit();
        assertThat(lockDirectoryContent()).isEmpty();
    }

    @Test
    void sigintToLockctlIsPassedOnToTheCommand() throws Exception {
        Started holder =
                lockctl.start("run", "123456", "--", "sh", "-c", "trap 'exit 5' INT; while :; do sleep 0.2; done");
        awaitCommandRunning("123456");

        Process kill = new ProcessBuilder(
                        "kill", "-INT", Long.toString(holder.process().pid()))
                .start();
        assertThat(kill.waitFor()).isZero();

        assertThat(holder.awaitExit().exitCode()).isEqualTo(5);
        assertThat(lockDirectoryContent()).isEmpty();
    }

    @Test
    void runWaitsForTheAccountUpToTheGivenTime() {
        Started holder = lockctl.start("run", "123456", "--", "sleep", Timing.LONG_SLEEP);
        awaitCommandRunning("123456");
        Started waiter = lockctl.start("run", "--wait", "forever", "123456", "--", "sh", "-c", "echo took it");

        assertThat(lockctl.run("run", "--wait", "500ms", "123456", "--", "true").exitCode())
                .isEqualTo(75);
        holder.process().destroy();

        ProcessResult waited = waiter.awaitExit();
        assertThat(waited.exitCode()).isZero();
        assertThat(waited.stdOut()).isEqualTo("took it\n");
    }

    @Test
    void sigtermWhileWaitingForTheAccountCancelsTheRunWithoutStartingTheCommand() throws IOException {
        Started holder = lockctl.start("run", "123456", "--", "sleep", Timing.LONG_SLEEP);
        awaitCommandRunning("123456");
        Started waiter = lockctl.start("run", "--wait", "forever", "123456", "--", "sh", "-c", "echo ran");
        await().pollDelay(Duration.ofSeconds(3))
                .atMost(Timing.STATE_CHANGE)
                .until(() -> waiter.process().isAlive());

        waiter.process().destroy();
        ProcessResult cancelled = waiter.awaitExit();

        assertThat(cancelled.exitCode()).isEqualTo(143);
        assertThat(cancelled.stdOut()).doesNotContain("ran");
        assertThat(lockctl.run("status", "123456").exitCode())
                .as("the first holder keeps the account")
                .isEqualTo(75);
        holder.process().destroy();
        assertThat(holder.awaitExit().exitCode()).isEqualTo(143);
        assertThat(lockDirectoryContent()).isEmpty();
    }

    @Test
    void doctorFindsWorkingOsLocksAndReportsStaleAndForeignFiles() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "not a lock");
        new LockFiles(dir).abandoned("777");

        ProcessResult doctor = lockctl.run("doctor");

        assertThat(doctor.exitCode()).as(doctor.toString()).isZero();
        assertThat(doctor.stdOut())
                .contains("ok   lock directory " + dir.toRealPath() + " exists and is writable")
                .contains("file system type")
                .contains("ok   OS locks work")
                .contains("WARN stale lock 777")
                .contains("WARN foreign file notes.txt");
        assertThat(lockDirectoryContent()).containsExactlyInAnyOrder("notes.txt", "account_777.lock");
    }

    @Test
    void launcherUsesTheLocksDirectoryOfTheWorkingDirectoryByDefault() throws IOException {
        Path elsewhere = Files.createDirectory(work.resolve("elsewhere"));

        ProcessResult result = lockctl.startIn(elsewhere, List.of(LockctlProcesses.LAUNCHER.toString(), "list"))
                .awaitExit();

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdOut())
                .contains("no locks in " + elsewhere.toRealPath().resolve("locks"));
    }
}
