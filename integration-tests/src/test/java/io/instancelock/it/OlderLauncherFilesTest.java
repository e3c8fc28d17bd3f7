package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lock files of the older launcher (four fields, no OS lock) and broken files, met by real processes. */
class OlderLauncherFilesTest extends ChildProcessTest {

    private static final AccountId ACCOUNT = AccountId.of("legacy-1");

    /** Workers that race for a broken file's account, and the cycles each then does. */
    private static final int RACERS = 3;

    private static final int RACER_CYCLES = 10;

    @Test
    void fileOfALiveLauncherThatWroteItRefusesTheBotAndIsLeftUntouched() throws Exception {
        // given: the older launcher's process, started before it wrote created_at
        Process launcher = children.startCommand("sleep", "60");
        LocalDateTime createdAt = LocalDateTime.now();
        Path file = OlderLauncherFile.write(lockDir, ACCOUNT, launcher.pid(), createdAt, "john_topstep");
        byte[] before = Files.readAllBytes(file);

        // when
        ProcessResult bot = children.run(TradingBot.class, lockDir, ACCOUNT.value(), "jane");

        // then
        assertThat(bot.exitCode()).as(bot.describe()).isEqualTo(TradingBot.REFUSED);
        assertThat(bot.stdOut()).as(bot.describe()).contains("FOUND held", "REFUSED held");
        assertThat(bot.stdErr()).contains("Account 'legacy-1' is already being traded!", "Broker: john_topstep");
        assertThat(Files.readAllBytes(file)).as("the older launcher's file").isEqualTo(before);
    }

    @Test
    void fileOfADeadLauncherIsTakenOver() throws Exception {
        // given
        Process gone = children.startCommand("true");
        gone.waitFor(Timing.CHILD_STOP.toMillis(), TimeUnit.MILLISECONDS);
        OlderLauncherFile.write(
                lockDir, ACCOUNT, gone.pid(), LocalDateTime.now().minusMinutes(5), "john_topstep");

        // when / then
        assertTakenOver("FOUND stale");
    }

    @Test
    void fileWhosePidNowNamesAProcessStartedAfterCreatedAtIsTakenOver() throws Exception {
        // given: a live process under the recorded pid, started long after the record was written
        Process reused = children.startCommand("sleep", "60");
        Path file = OlderLauncherFile.write(
                lockDir, ACCOUNT, reused.pid(), LocalDateTime.now().minusHours(1), "john_topstep");
        Files.setLastModifiedTime(
                file, FileTime.from(reused.info().startInstant().orElseThrow().minusSeconds(3600)));

        // when / then
        assertTakenOver("FOUND stale");
        assertThat(reused.isAlive()).as("the unrelated process is left alone").isTrue();
    }

    @Test
    void waitingBotTakesTheAccountOnceTheOlderLauncherExits() throws Exception {
        // given
        Process launcher = children.startCommand("sleep", "60");
        OlderLauncherFile.write(lockDir, ACCOUNT, launcher.pid(), LocalDateTime.now(), "john_topstep");
        Child bot =
                children.start(TradingBot.class, lockDir, ACCOUNT.value(), "jane", Timing.CHILD_ACQUIRE.toSeconds());
        bot.awaitLine("WAITING", Timing.CHILD_START);

        // when
        long exitedAt = System.nanoTime();
        launcher.destroyForcibly().waitFor();

        // then: the older launcher cannot notify, so the waiter notices by looking again
        String running = bot.awaitLine("RUNNING", Timing.PROGRESS);
        SuiteSummary.add("older launcher exited -> waiting bot took over after "
                + SuiteSummary.millis(Long.parseLong(running.split(" ")[1]) - exitedAt));
        bot.stop();
        assertThat(bot.awaitExit(Timing.CHILD_STOP).exitCode()).isZero();
        assertThat(lockFiles()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(OlderLauncherFile.Broken.class)
    void brokenFileNeverBlocksAndNeverLetsTwoIn(OlderLauncherFile.Broken broken) throws Exception {
        // given: a broken file, and workers released at once so that they race for its take-over
        broken.write(lockDir, ACCOUNT);
        Path shared = Files.createDirectories(work.resolve("shared"));
        List<Child> racers = new ArrayList<>();
        for (int i = 0; i < RACERS; i++) {
            racers.add(children.start(
                    ContendingWorker.class,
                    lockDir,
                    ACCOUNT.value(),
                    shared,
                    RACER_CYCLES,
                    ContendingWorker.Mode.WAIT));
        }
        for (Child racer : racers) {
            racer.awaitLine("READY", Timing.CHILD_START);
        }

        // when
        racers.forEach(racer -> racer.send("go"));
        List<ProcessResult> results = new ArrayList<>();
        for (Child racer : racers) {
            results.add(racer.awaitExit(Timing.workersFinish((long) RACERS * RACER_CYCLES)));
        }

        // then
        SectionLogReport report = SectionLogReport.analyse(SectionLog.read(shared.resolve("sections.log")));
        assertThat(report.overlaps()).isEmpty();
        assertThat(report.violations()).isEmpty();
        for (ProcessResult result : results) {
            assertThat(result.exitCode()).as(result.describe()).isZero();
        }
        assertThat(report.cycles()).isEqualTo((long) RACERS * RACER_CYCLES);
        assertThat(lockFiles()).isEmpty();
    }

    /** A bot finds the file stale, takes the account, and its own record replaces the old one. */
    private void assertTakenOver(String found) throws Exception {
        Child bot = children.start(TradingBot.class, lockDir, ACCOUNT.value(), "jane");
        String running = bot.awaitLine("RUNNING", Timing.CHILD_START);
        assertThat(bot.stdOut()).contains(found);
        String record = Files.readString(OlderLauncherFile.path(lockDir, ACCOUNT), StandardCharsets.UTF_8);
        assertThat(record).contains("\"pid\" : " + running.split(" ")[2], "\"broker_username\" : \"jane\"");
        bot.stop();
        assertThat(bot.awaitExit(Timing.CHILD_STOP).exitCode()).isZero();
        assertThat(lockFiles()).isEmpty();
    }
}
