package io.instancelock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.cli.LockctlProcesses.ProcessResult;
import io.instancelock.cli.LockctlProcesses.Started;
import io.instancelock.core.AccountId;
import io.instancelock.testsupport.ChildLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lockctl run} as a trader's terminal sees it when things go wrong: lock files deleted or
 * replaced while the bot runs, the bot started through a wrapper script, signals, a full disk, no
 * native library, another time zone.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "uses setsid, /proc, POSIX signals and sh")
class LockctlLifecycleIT {

    @TempDir
    Path work;

    private Path dir;
    private LockctlProcesses lockctl;
    private final List<Long> toKill = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectory(work.resolve("locks"));
        lockctl = new LockctlProcesses(dir, Files.createDirectory(work.resolve("output")));
    }

    @AfterEach
    void stopLeftovers() {
        toKill.forEach(pid -> ProcessHandle.of(pid).ifPresent(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
    }

    private long awaitBot(String account) {
        Long[] bot = new Long[1];
        await().atMost(Timing.STATE_CHANGE)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> (bot[0] = lockctl.botPid(account)) != null);
        toKill.add(bot[0]);
        return bot[0];
    }

    private Path lockFile(String account) {
        return dir.resolve("account_" + account + ".lock");
    }

    private void awaitRecordOf(Started holder, String account) {
        String pid = "\"pid\" : " + holder.process().pid();
        await().atMost(Timing.STATE_CHANGE)
                .until(() -> Files.exists(lockFile(account))
                        && Files.readString(lockFile(account)).contains(pid));
    }

    private static void assertRefusedWithTheStandardMessage(ProcessResult second) {
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(75);
        assertThat(second.stdErr())
                .startsWith("Account 'F1' is already being traded!")
                .contains("Broker: john");
    }

    @Test
    void deletedLockFileDoesNotLetASecondRunIn() throws Exception {
        // given
        Started first = lockctl.start("run", "--broker", "john", "F1", "--", "sleep", Timing.LONG_SLEEP);
        awaitBot("F1");
        // when: rm locks/account_F1.lock, then a second run
        Files.delete(lockFile("F1"));
        ProcessResult second = lockctl.run("run", "F1", "--", "true");
        // then
        assertRefusedWithTheStandardMessage(second);
        awaitRecordOf(first, "F1");
        assertThat(first.process().isAlive()).isTrue();
    }

    @Test
    void everyLockFileDeletedDoesNotLetASecondRunIn() throws Exception {
        // given
        Started first = lockctl.start("run", "--broker", "john", "F1", "--", "sleep", Timing.LONG_SLEEP);
        awaitBot("F1");
        // when: rm -rf locks/*
        ProcessResult rm =
                lockctl.startIn(dir, List.of("sh", "-c", "rm -rf ./*")).awaitExit();
        assertThat(rm.exitCode()).isZero();
        ProcessResult second = lockctl.run("run", "F1", "--", "true");
        // then
        assertRefusedWithTheStandardMessage(second);
        awaitRecordOf(first, "F1");
    }

    @Test
    void lockFileReplacedByAnOldCopyNamingADeadHolderDoesNotLetASecondRunIn() throws Exception {
        // given
        Started first = lockctl.start("run", "--broker", "john", "F1", "--", "sleep", Timing.LONG_SLEEP);
        awaitBot("F1");
        // when: a sync tool restores an old copy of the file, from a holder long gone
        Path old = work.resolve("old-copy");
        Files.writeString(
                old,
                "{\"account_id\" : \"F1\", \"pid\" : " + LockFiles.exitedPid()
                        + ", \"created_at\" : \"2025-11-01T09:00:00\", \"broker_username\" : \"someone\","
                        + " \"hostname\" : \"" + io.instancelock.core.LocalHost.name()
                        + "\", \"writer\" : \"instance-lock\"}\n");
        Files.move(old, lockFile("F1"), StandardCopyOption.REPLACE_EXISTING);
        ProcessResult second = lockctl.run("run", "F1", "--", "true");
        // then
        assertThat(second.exitCode()).as(second.toString()).isEqualTo(75);
        awaitRecordOf(first, "F1");
    }

    @Test
    void deletedLockDirectoryIsMadeAgainAndASecondRunIsRefused() throws Exception {
        // given
        Started first = lockctl.start("run", "--broker", "john", "F1", "--", "sleep", Timing.LONG_SLEEP);
        awaitBot("F1");
        // when: rm -rf locks
        deleteTree(dir);
        awaitRecordOf(first, "F1");
        ProcessResult second = lockctl.run("run", "F1", "--", "true");
        // then
        assertRefusedWithTheStandardMessage(second);
    }

    @Test
    void lockTakenByAnotherProcessAfterTheDirectoryWasDeletedStopsTheCommandAndExits76() throws Exception {
        // given
        Started first = lockctl.start("run", "--broker", "john", "F1", "--", "sleep", Timing.LONG_SLEEP);
        long bot = awaitBot("F1");
        // when: another bot starts right after someone ran rm -rf locks
        try (ChildLocks thief = ChildLocks.start(dir.toString())) {
            boolean stolen = false;
            for (int attempt = 0; attempt < 20 && !stolen; attempt++) {
                stolen = thief.stealAfterDeleting(AccountId.of("F1"), dir);
            }
            assertThat(stolen).isTrue();
            // then
            ProcessResult result = first.awaitExit();
            assertThat(result.exitCode()).as(result.toString()).isEqualTo(76);
            assertThat(result.stdErr())
                    .contains("lockctl: lost the lock of account F1: the lock file was")
                    .contains("taken by pid " + thief.process().pid())
                    .contains("; sleep was stopped")
                    .doesNotContain("\tat ");
            assertThat(ProcessHandle.of(bot).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(Files.readString(lockFile("F1")))
                    .contains("\"pid\" : " + thief.process().pid());
        }
    }

    @Test
    void stopEndsTheRealBotThatAWrapperScriptStarted() throws Exception {
        // given: a wrapper script whose real bot is a child of the shell
        Started holder = lockctl.start("run", "F1", "--", "sh", "-c", "sleep " + Timing.LONG_SLEEP + "; :");
        long wrapper = awaitBot("F1");
        ProcessHandle realBot = awaitChild(wrapper);
        // when
        ProcessResult stop = lockctl.run("stop", "F1");
        // then
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(stop.stdOut()).contains("account F1 is free");
        assertThat(runs(realBot)).as("the script's sleep").isFalse();
        assertThat(holder.awaitExit().exitCode()).isEqualTo(143);
        assertThat(lockctl.run("run", "F1", "--", "true").exitCode()).isZero();
    }

    @Test
    void sigtermToLockctlEndsTheRealBotThatAWrapperScriptStarted() throws Exception {
        // given
        Started holder = lockctl.start("run", "F1", "--", "sh", "-c", "sleep " + Timing.LONG_SLEEP + "; :");
        long wrapper = awaitBot("F1");
        ProcessHandle realBot = awaitChild(wrapper);
        // when
        holder.process().destroy();
        // then
        assertThat(holder.awaitExit().exitCode()).isEqualTo(143);
        assertThat(runs(realBot)).isFalse();
        assertThat(lockctl.run("status", "F1").exitCode()).isZero();
    }

    @Test
    void accountStaysHeldWhileAProcessTheCommandStartedStillRuns() throws Exception {
        // given: a command that leaves a background process behind and exits at once
        Path pidFile = work.resolve("leftover.pid");
        Started holder = lockctl.start(
                "run", "F1", "--", "sh", "-c", "sleep " + Timing.LONG_SLEEP + " & echo $! > " + pidFile + "; exit 0");
        await().atMost(Timing.STATE_CHANGE).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        long leftover = Long.parseLong(Files.readString(pidFile).trim());
        toKill.add(leftover);
        // then: lockctl waits, says why, and the account stays held
        await().atMost(Timing.STATE_CHANGE)
                .until(() -> Files.readString(holder.stdErr()).contains("processes it started still run"));
        assertThat(lockctl.run("run", "F1", "--", "true").exitCode()).isEqualTo(75);
        // when the leftover ends
        ProcessHandle.of(leftover).orElseThrow().destroy();
        // then
        assertThat(holder.awaitExit().exitCode()).isZero();
        assertThat(lockctl.run("run", "F1", "--", "true").exitCode()).isZero();
    }

    @Test
    void killedLockctlLeavesTheWrapperScriptsBotHoldingTheAccountAndStopKillEndsIt() throws Exception {
        // given
        Started holder = lockctl.start("run", "F1", "--", "sh", "-c", "sleep " + Timing.LONG_SLEEP + "; :");
        long wrapper = awaitBot("F1");
        ProcessHandle realBot = awaitChild(wrapper);
        holder.process().destroyForcibly();
        holder.awaitExit();
        // then: the orphaned group keeps the account
        assertThat(lockctl.run("run", "F1", "--", "true").exitCode()).isEqualTo(75);
        // when
        ProcessResult stop = lockctl.run("stop", "--timeout", "5s", "--kill", "F1");
        // then
        assertThat(stop.exitCode()).as(stop.toString()).isZero();
        assertThat(runs(realBot)).isFalse();
        assertThat(lockctl.run("run", "F1", "--", "true").exitCode()).isZero();
    }

    @Test
    void sighupToLockctlStopsTheCommandBeforeTheLockIsReleased() throws Exception {
        // given
        Started holder = lockctl.start("run", "F1", "--", "sleep", Timing.LONG_SLEEP);
        long bot = awaitBot("F1");
        // when: the terminal closes
        new ProcessBuilder("kill", "-HUP", Long.toString(holder.process().pid()))
                .start()
                .waitFor();
        // then
        ProcessResult result = holder.awaitExit();
        assertThat(result.exitCode()).isEqualTo(143);
        assertThat(ProcessHandle.of(bot).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(lockctl.run("status", "F1").exitCode()).isZero();
    }

    @Test
    void signalWhileWaitingForTheAccountEndsTheWaitWithoutAnIoErrorOrALeftoverFile() throws Exception {
        // given
        Started holder = lockctl.start("run", "F1", "--", "sleep", Timing.LONG_SLEEP);
        awaitBot("F1");
        Started waiter = lockctl.start("run", "--wait", "5m", "F2", "--", "true");
        assertThat(waiter.awaitExit().exitCode()).isZero();
        waiter = lockctl.start("run", "--wait", "5m", "F1", "--", "true");
        Started waiting = waiter;
        await().pollDelay(Duration.ofMillis(500))
                .atMost(Timing.STATE_CHANGE)
                .until(() -> waiting.process().isAlive());
        // when
        waiter.process().destroy();
        // then
        ProcessResult result = waiter.awaitExit();
        assertThat(result.exitCode()).isEqualTo(143);
        assertThat(result.stdErr()).doesNotContain("WARNING").doesNotContain("free space");
        assertThat(holder.process().isAlive()).isTrue();
        assertThat(lockctl.run("run", "F1", "--", "true").exitCode()).isEqualTo(75);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                .containsExactly("account_F1.lock");
    }

    @Test
    void fullDiskExits74WithAClearMessageAndLeavesNothingBehind() throws Exception {
        // given: the lock directory on a tmpfs of its own that is full (a private mount namespace)
        Path full = Files.createDirectory(work.resolve("full"));
        Assumptions.assumeTrue(canMountPrivately(), "needs unshare and mount (root in a mount namespace)");
        String script = "mount -t tmpfs -o size=64k tmpfs '" + full + "' && mkdir '" + full + "/locks'"
                + " && touch '" + full + "/locks/.instance-lock'"
                + " && (dd if=/dev/zero of='" + full + "/filler' bs=4k 2>/dev/null; true)"
                + " && '" + LockctlProcesses.LAUNCHER + "' --dir '" + full + "/locks' run F1 -- true;"
                + " code=$?; ls -A '" + full + "/locks'; exit $code";
        // when
        ProcessResult result = lockctl.startIn(work, List.of("unshare", "--mount", "sh", "-c", script))
                .awaitExit();
        // then
        assertThat(result.exitCode()).as(result.toString()).isEqualTo(74);
        assertThat(result.stdErr())
                .contains("No space left on device")
                .contains("Check free space")
                .doesNotContain("\tat ")
                .doesNotContain("WARNING");
        assertThat(result.stdOut().lines()).as("left in the lock directory").containsExactly(".instance-lock");
    }

    @Test
    void deadPidOfTheOlderLauncherIsStaleWithoutTheNativeLibraryAndCanBeReleased() throws Exception {
        // given: JNA cannot load (as on musl, or a noexec temp directory)
        Files.writeString(
                lockFile("F1"),
                "{\"account_id\": \"F1\", \"pid\": " + LockFiles.exitedPid()
                        + ", \"created_at\": \"2025-11-09T14:30:00\", \"broker_username\": \"john\"}");
        Map<String, String> noJna = Map.of(
                "LOCKCTL_JAVA_OPTS", "-Djna.nosys=true -Djna.nounpack=true -Djna.boot.library.path=/nonexistent");
        // when
        ProcessResult status = lockctl.startWith(noJna, "status", "F1").awaitExit();
        ProcessResult release = lockctl.startWith(noJna, "release", "F1").awaitExit();
        // then
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdOut()).contains("stale").contains("has exited");
        assertThat(release.exitCode()).as(release.toString()).isZero();
        assertThat(lockFile("F1")).doesNotExist();
    }

    @Test
    void liveOlderLauncherInAnotherTimeZoneIsNeverTakenOver() throws Exception {
        // given: the older launcher runs with TZ=America/New_York and writes its naive local time
        String writer = "printf '{\"account_id\": \"F1\", \"pid\": %d, \"created_at\": \"%s\", "
                + "\"broker_username\": \"john\"}' $$ \"$(date +%Y-%m-%dT%H:%M:%S)\" > '" + lockFile("F1")
                + "'; exec sleep " + Timing.LONG_SLEEP;
        ProcessBuilder launcher = new ProcessBuilder("sh", "-c", writer);
        launcher.environment().put("TZ", "America/New_York");
        Process older = launcher.start();
        toKill.add(older.pid());
        await().atMost(Timing.STATE_CHANGE).until(() -> Files.exists(lockFile("F1")) && Files.size(lockFile("F1")) > 0);
        // then: readers in other zones see it held and are refused
        for (String zone : List.of("UTC", "Asia/Tokyo", "America/Los_Angeles")) {
            ProcessResult run = lockctl.startWith(Map.of("TZ", zone), "run", "F1", "--", "true")
                    .awaitExit();
            assertThat(run.exitCode()).as("TZ=" + zone + ": " + run).isEqualTo(75);
        }
        assertThat(Files.readString(lockFile("F1"))).contains("\"pid\": " + older.pid());
    }

    @Test
    void reusedPidOfADeadOlderLauncherIsTakenOverInAnyTimeZone() throws Exception {
        // given: a record written an hour before the process that now has its pid started
        Process reused = new ProcessBuilder("sleep", Timing.LONG_SLEEP).start();
        toKill.add(reused.pid());
        Files.writeString(
                lockFile("F1"),
                "{\"account_id\": \"F1\", \"pid\": " + reused.pid()
                        + ", \"created_at\": \"2025-11-09T14:30:00\", \"broker_username\": \"john\"}");
        Instant started = reused.info().startInstant().orElseThrow();
        Files.setLastModifiedTime(lockFile("F1"), FileTime.from(started.minusSeconds(3600)));
        // then
        ProcessResult run = lockctl.startWith(Map.of("TZ", "Pacific/Kiritimati"), "run", "F1", "--", "true")
                .awaitExit();
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(reused.isAlive()).isTrue();
    }

    /** Whether a process still runs code: a killed orphan that nobody reaps is a zombie, not running. */
    private static boolean runs(ProcessHandle process) {
        return io.instancelock.core.LocalProcesses.botRuns(
                new io.instancelock.core.BotProcess(process.pid(), null, null, 0));
    }

    private ProcessHandle awaitChild(long parent) {
        Optional<ProcessHandle>[] child = new Optional[] {Optional.empty()};
        await().atMost(Timing.STATE_CHANGE).until(() -> {
            child[0] = ProcessHandle.of(parent).flatMap(p -> p.children().findFirst());
            return child[0].isPresent();
        });
        toKill.add(child[0].get().pid());
        return child[0].get();
    }

    private static boolean canMountPrivately() {
        try {
            Process probe = new ProcessBuilder(
                            "unshare", "--mount", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt && umount /mnt")
                    .redirectErrorStream(true)
                    .start();
            return probe.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** As {@code rm -rf}; again when the holder makes a file anew while it runs. */
    private static void deleteTree(Path root) throws IOException {
        for (int attempt = 0; Files.exists(root); attempt++) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
