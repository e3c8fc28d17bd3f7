package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.spi.ProcessProbe.Liveness;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The bot lifecycle on real processes: a wrapper script, what it starts, signals and a lost lock. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class BotSessionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final List<Long> toKill = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        toKill.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    /** A held lock that records what it is told and can be lost on demand. */
    private static final class RecordingLock implements LockHandle {
        final List<BotProcess> recorded = new ArrayList<>();
        final CompletableFuture<LockLoss> lost = new CompletableFuture<>();
        final CompletableFuture<Void> stopRequest = new CompletableFuture<>();
        final Path mustNotExistYet;
        volatile boolean markerExistedWhenRecorded;
        volatile boolean closed;
        RuntimeException recordFailure;

        RecordingLock(Path mustNotExistYet) {
            this.mustNotExistYet = mustNotExistYet;
        }

        @Override
        public AccountId account() {
            return AccountId.of("123456");
        }

        @Override
        public LockRecord record() {
            return new LockRecord(
                    account(), 1, LocalDateTime.now(), "b", "h", null, null, null, RecordOrigin.INSTANCE_LOCK);
        }

        @Override
        public String location() {
            return "test";
        }

        @Override
        public boolean isHeld() {
            return !closed && !lost.isDone();
        }

        @Override
        public CompletionStage<Void> whenStopRequested() {
            return stopRequest;
        }

        @Override
        public CompletionStage<LockLoss> whenLost() {
            return lost;
        }

        @Override
        public Optional<LockLoss> loss() {
            return Optional.ofNullable(lost.getNow(null));
        }

        @Override
        public OptionalLong fencingToken() {
            return OptionalLong.empty();
        }

        @Override
        public synchronized void recordBot(BotProcess bot) {
            if (recordFailure != null) {
                throw recordFailure;
            }
            markerExistedWhenRecorded = Files.exists(mustNotExistYet);
            recorded.add(bot);
        }

        @Override
        public void close() {
            closed = true;
        }

        void lose(String reason) {
            lost.complete(new LockLoss(account(), reason, Clock.systemUTC().instant()));
        }
    }

    private ProcessBuilder script(String body) {
        return new ProcessBuilder("sh", "-c", body).directory(dir.toFile());
    }

    private long readPid(String file) throws IOException {
        Path path = dir.resolve(file);
        await().atMost(PATIENCE)
                .until(() -> Files.exists(path) && !Files.readString(path).isBlank());
        long pid = Long.parseLong(Files.readString(path).trim());
        toKill.add(pid);
        return pid;
    }

    @Test
    void botIsRecordedBeforeItRunsAndTheLockIsReleasedOnlyAfterEverythingItStartedHasExited() throws Exception {
        // given: a wrapper script that starts the real bot in the background and exits at once
        RecordingLock lock = new RecordingLock(dir.resolve("started"));
        // when
        BotSession session =
                BotSession.start(lock, script("touch started; sleep 60 & echo $! > child; exit 3"), PATIENCE);
        long child = readPid("child");
        // then: the bot was recorded, as the leader of its own group, before its first command ran
        assertThat(lock.recorded).hasSize(1);
        BotProcess bot = lock.recorded.get(0);
        assertThat(bot.pid()).isEqualTo(session.pid());
        assertThat(bot.processGroup()).isEqualTo(session.pid());
        assertThat(lock.markerExistedWhenRecorded).isFalse();
        // and the wrapper has exited, but the lock is kept while the child it started runs
        assertThat(session.leaderExit().toCompletableFuture().get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo(3);
        await().during(Duration.ofMillis(300))
                .atMost(PATIENCE)
                .until(() -> !session.exit().isDone());
        assertThat(lock.closed).isFalse();
        assertThat(LocalProcesses.botRuns(bot)).isTrue();
        // when the child ends
        ProcessHandle.of(child).orElseThrow().destroy();
        // then
        BotSession.BotExit exit = session.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.loss()).isEmpty();
        assertThat(lock.closed).isTrue();
    }

    @Test
    void stopEndsTheBotAndWhatItStartedAndKillsThemAfterTheGraceTime() throws Exception {
        // given: a bot that ignores SIGTERM (and so does what it starts)
        RecordingLock lock = new RecordingLock(dir.resolve("none"));
        BotSession session = BotSession.start(
                lock, script("trap '' TERM; sleep 60 & echo $! > child; wait"), Duration.ofMillis(500));
        long child = readPid("child");
        // when
        session.stop();
        // then
        BotSession.BotExit exit = session.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(exit.stopRequested()).isTrue();
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(LocalProcesses.INSTANCE.liveness(child))
                .as("the child, reaped or a zombie")
                .isEqualTo(Liveness.DEAD);
        assertThat(lock.closed).isTrue();
    }

    @Test
    void lostLockStopsTheBotAndItsChildrenAndTheExitSaysWhy() throws Exception {
        // given
        RecordingLock lock = new RecordingLock(dir.resolve("none"));
        BotSession session = BotSession.start(lock, script("sleep 60 & echo $! > child; wait"), PATIENCE);
        long child = readPid("child");
        // when
        lock.lose("the lock file was replaced and taken by pid 4242");
        // then
        BotSession.BotExit exit = session.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(exit.loss()).map(LockLoss::reason).contains("the lock file was replaced and taken by pid 4242");
        assertThat(exit.stopRequested()).isFalse();
        assertThat(LocalProcesses.INSTANCE.liveness(child))
                .as("the child, reaped or a zombie")
                .isEqualTo(Liveness.DEAD);
        assertThat(lock.closed).isTrue();
    }

    @Test
    void botThatCannotBeRecordedNeverRuns() throws Exception {
        // given
        RecordingLock lock = new RecordingLock(dir.resolve("started"));
        lock.recordFailure = new LockException("cannot write lock file: No space left on device");
        // when / then
        assertThatThrownBy(() -> BotSession.start(lock, script("touch started; sleep 60"), PATIENCE))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("No space left");
        await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> !Files.exists(dir.resolve("started")));
    }

    @Test
    void holderThatDiesBeforeOpeningTheGateLeavesNothingRunning() throws Exception {
        // given: started behind the gate, which nobody ever opens (its holder was killed)
        GatedStart started = GatedStart.start(script("touch started; sleep 60"), 20);
        // then: the shell gives up without running the command
        assertThat(started.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(started.process().exitValue()).isEqualTo(125);
        assertThat(dir.resolve("started")).doesNotExist();
    }

    @Test
    void commandThatIsNotFoundFailsBeforeAnythingStarts() {
        RecordingLock lock = new RecordingLock(dir.resolve("none"));
        assertThatThrownBy(() -> BotSession.start(lock, new ProcessBuilder("no-such-program-xyz"), PATIENCE))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-program-xyz")
                .hasMessageContaining("not found");
        assertThat(lock.recorded).isEmpty();
    }

    @Test
    void stopRequestThroughTheBackendEndsTheBotAsStopDoesAndThenReleasesTheLock() throws Exception {
        // given
        RecordingLock lock = new RecordingLock(dir.resolve("none"));
        BotSession session = BotSession.start(lock, script("sleep 60 & echo $! > child; wait"), PATIENCE);
        long child = readPid("child");
        // when: lockctl stop on another computer
        lock.stopRequest.complete(null);
        // then: SIGTERM to the group, the bot's own exit code, no loss, then the release
        BotSession.BotExit exit = session.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(exit.stopRequested()).isTrue();
        assertThat(exit.loss()).isEmpty();
        assertThat(exit.exitCode()).isEqualTo(143);
        assertThat(LocalProcesses.INSTANCE.liveness(child))
                .as("the child, reaped or a zombie")
                .isEqualTo(Liveness.DEAD);
        assertThat(lock.closed).isTrue();
    }

    /** A slot of a backend whose claim can outlive a frozen holder, as a lock server's does. */
    private static final class DeadlineSlot implements Slot {
        final CompletableFuture<String> lost = new CompletableFuture<>();
        volatile LockRecord written;
        volatile boolean retired;

        @Override
        public SlotContent content() {
            return new SlotContent.Absent();
        }

        @Override
        public void write(LockRecord record) {
            written = record;
        }

        @Override
        public void retire() {
            retired = true;
        }

        @Override
        public void close() {}

        @Override
        public String location() {
            return "deadline-test";
        }

        @Override
        public CompletionStage<String> lost() {
            return lost;
        }

        @Override
        public Optional<Duration> confirmationDeadline() {
            return Optional.of(Duration.ofSeconds(3));
        }
    }

    private static HeldLock heldOver(Slot slot) {
        LockRecord record = new LockRecord(
                AccountId.of("123456"),
                ProcessHandle.current().pid(),
                LocalDateTime.now(),
                "b",
                LocalHost.name(),
                null,
                null,
                null,
                RecordOrigin.INSTANCE_LOCK);
        return new HeldLock(AccountId.of("123456"), slot, record, Clock.systemUTC(), held -> {}).watch();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void botOfALockWithADeadlineDiesWithItsHolderAndOutlivesTheThreadThatStartedIt() throws Exception {
        // given: started from a thread that ends at once (a pool's thread, say)
        DeadlineSlot slot = new DeadlineSlot();
        HeldLock lock = heldOver(slot);
        CompletableFuture<BotSession> starting = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                starting.complete(BotSession.start(lock, script("sleep 60 & echo $! > child; wait"), PATIENCE));
            } catch (IOException | RuntimeException e) {
                starting.completeExceptionally(e);
            }
        });
        starter.start();
        BotSession session = starting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        toKill.add(session.pid());
        readPid("child");
        starter.join();
        // then: recorded as dying with its holder, and not killed by the starting thread's end
        assertThat(slot.written.bot().diesWithHolder()).isTrue();
        assertThat(session.bot().diesWithHolder()).isTrue();
        await().during(Duration.ofMillis(500))
                .atMost(PATIENCE)
                .until(() -> session.process().isAlive());
        // when
        session.stop();
        // then
        assertThat(session.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS).exitCode())
                .isEqualTo(143);
        assertThat(slot.retired).isTrue();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void lossOfALockWithADeadlineKillsABotThatIgnoresSigtermAfterAShortGrace() throws Exception {
        // given: a stop grace far longer than the wait below, and a bot that ignores SIGTERM
        DeadlineSlot slot = new DeadlineSlot();
        HeldLock lock = heldOver(slot);
        BotSession session = BotSession.start(
                lock, script("trap '' TERM; echo $$ > leader; while :; do sleep 1; done"), Duration.ofMinutes(5));
        readPid("leader");
        // when
        slot.lost.complete("the server session ended");
        // then: killed after the loss grace (1 s for a 3 s deadline), long before the stop grace
        BotSession.BotExit exit = session.exit().get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(exit.exitCode()).isEqualTo(137);
        assertThat(exit.loss()).isPresent();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void watchdogStopsTheBotsGroupWhenTheHeartbeatStops() throws Exception {
        // given: a bot in a group of its own, and a holder that stops beating (as a frozen one does)
        GatedStart started = GatedStart.start(script("sleep 60 & echo $! > child; wait"), GatedStart.GATE_POLLS);
        toKill.add(started.process().pid());
        started.open();
        long child = readPid("child");
        BotProcess bot = LocalProcesses.INSTANCE.identify(
                started.process().pid(), started.process().pid());
        AtomicBoolean beating = new AtomicBoolean(true);
        HolderWatchdog watchdog = HolderWatchdog.start(bot, Duration.ofSeconds(3), beating::get);
        await().during(Duration.ofMillis(2500)).atMost(PATIENCE).until(() -> LocalProcesses.botRuns(bot));
        // when
        beating.set(false);
        // then: the whole group is gone, and the watchdog with it
        await().atMost(PATIENCE).until(() -> !LocalProcesses.botRuns(bot));
        assertThat(LocalProcesses.INSTANCE.liveness(child)).isEqualTo(Liveness.DEAD);
        assertThat(watchdog.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(watchdog.stoppedTheBot()).isTrue();
        started.discardGate();
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void watchdogThatIsClosedExitsAndLeavesTheGroupAlone() throws Exception {
        // given
        GatedStart started = GatedStart.start(script("sleep 60"), GatedStart.GATE_POLLS);
        toKill.add(started.process().pid());
        started.open();
        BotProcess bot = LocalProcesses.INSTANCE.identify(
                started.process().pid(), started.process().pid());
        HolderWatchdog watchdog = HolderWatchdog.start(bot, Duration.ofSeconds(3), () -> true);
        // when
        watchdog.close();
        // then
        assertThat(watchdog.process().waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                .isTrue();
        assertThat(watchdog.process().exitValue()).isZero();
        assertThat(watchdog.stoppedTheBot()).isFalse();
        assertThat(LocalProcesses.botRuns(bot)).isTrue();
        started.process().destroyForcibly();
        started.discardGate();
    }

    @Test
    void watchdogTimesEndTheBotWellBeforeTheDeadline() {
        for (Duration deadline : List.of(Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(60))) {
            HolderWatchdog.Timings timings = HolderWatchdog.Timings.forDeadline(deadline);
            assertThat(timings.worstCase())
                    .as("for %s", deadline)
                    .isLessThanOrEqualTo(deadline.multipliedBy(3).dividedBy(4));
            assertThat(timings.quiet())
                    .isGreaterThanOrEqualTo(timings.heartbeat().multipliedBy(4));
        }
    }
}
