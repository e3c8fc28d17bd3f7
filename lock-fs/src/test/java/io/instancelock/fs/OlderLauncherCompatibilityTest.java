package io.instancelock.fs;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.RecordOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lock files written by the older launcher: four fields, no OS lock, judged by their PID. */
class OlderLauncherCompatibilityTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");

    @TempDir
    Path dir;

    private AccountLocks locks;
    private Process launcher;

    @BeforeEach
    void open() throws Exception {
        locks = AccountLocks.open(dir);
        launcher = new ProcessBuilder("sleep", "120").start();
    }

    @AfterEach
    void close() throws InterruptedException {
        launcher.destroyForcibly().waitFor(Timing.CHILD.toSeconds(), TimeUnit.SECONDS);
        locks.close();
    }

    private void writeRecord(long pid, LocalDateTime createdAt) throws Exception {
        Files.writeString(
                dir.resolve(LockFileNames.fileName(ACCOUNT)),
                LockFiles.olderLauncherRecord(ACCOUNT.value(), pid, createdAt));
    }

    private static LocalDateTime startOf(Process process) {
        return LocalDateTime.ofInstant(process.info().startInstant().orElseThrow(), ZoneId.systemDefault());
    }

    @Test
    void recordOfARunningLauncherThatWroteItRefusesTheAccount() throws Exception {
        // given: the launcher started, then wrote its lock a little later
        writeRecord(launcher.pid(), startOf(launcher).plusSeconds(5));
        // when
        Acquisition attempt = locks.tryAcquire(ACCOUNT, "me");
        // then
        assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
        Acquisition.Refused refused = (Acquisition.Refused) attempt;
        assertThat(refused.status().state()).isEqualTo(LockState.HELD);
        assertThat(refused.status().holder().origin()).isEqualTo(RecordOrigin.OLDER_LAUNCHER);
        assertThat(refused.message()).contains("Broker: john_topstep");
        assertThat(Files.readString(dir.resolve(LockFileNames.fileName(ACCOUNT))))
                .contains("\"pid\": " + launcher.pid());
    }

    @Test
    void recordWithADeadPidIsTakenOver() throws Exception {
        // given
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        writeRecord(gone.pid(), LocalDateTime.now().minusMinutes(1));
        // then
        assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.STALE);
        assertThat(locks.tryAcquire(ACCOUNT, "me").acquired()).isTrue();
    }

    @Test
    void recordWhosePidNowNamesAProcessStartedAfterTheLockIsTakenOver() throws Exception {
        // given: the pid was reused by a process that started an hour after the lock was written
        writeRecord(launcher.pid(), startOf(launcher).minusHours(1));
        Files.setLastModifiedTime(
                dir.resolve(LockFileNames.fileName(ACCOUNT)),
                java.nio.file.attribute.FileTime.from(
                        launcher.info().startInstant().orElseThrow().minusSeconds(3600)));
        // when
        LockStatus status = locks.inspect(ACCOUNT);
        // then
        assertThat(status.state()).isEqualTo(LockState.STALE);
        assertThat(locks.tryAcquire(ACCOUNT, "me").acquired()).isTrue();
    }

    @Test
    void createdAtWithFractionsOfASecondIsRead() throws Exception {
        // given: Python's datetime.isoformat() writes microseconds
        Files.writeString(
                dir.resolve(LockFileNames.fileName(ACCOUNT)),
                "{\"account_id\": \"123456\", \"pid\": " + launcher.pid()
                        + ", \"created_at\": \""
                        + startOf(launcher).plusSeconds(1).withNano(123456000)
                        + "\", \"broker_username\": \"john_topstep\", \"strategy\": \"ES\"}");
        // when
        LockStatus status = locks.inspect(ACCOUNT);
        // then
        assertThat(status.state()).isEqualTo(LockState.HELD);
        assertThat(status.holder().createdAt().getNano()).isEqualTo(123456000);
    }

    @Test
    void recordFromAnotherHostIsUnknownUntilForceRemoved() throws Exception {
        // given
        Files.writeString(
                dir.resolve(LockFileNames.fileName(ACCOUNT)),
                "{\"account_id\": \"123456\", \"pid\": 4242, "
                        + "\"created_at\": \"2025-11-09T14:30:00\", \"broker_username\": \"john\", \"hostname\": \"other-pc-zz\"}");
        // when
        Acquisition attempt = locks.tryAcquire(ACCOUNT, "me");
        // then
        assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
        assertThat(((Acquisition.Refused) attempt).status().state()).isEqualTo(LockState.UNKNOWN);
        assertThat(locks.removeStale()).isEmpty();
        assertThat(locks.remove(ACCOUNT, false).removed()).isFalse();
        assertThat(locks.remove(ACCOUNT, true).removed()).isTrue();
        assertThat(dir.resolve(LockFileNames.fileName(ACCOUNT))).doesNotExist();
    }
}
