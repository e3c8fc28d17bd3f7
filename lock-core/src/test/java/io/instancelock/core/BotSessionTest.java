package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.spi.ProcessProbe.Liveness;
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
            return new CompletableFuture<>();
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
}
