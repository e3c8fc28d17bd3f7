package io.instancelock.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockException;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The lock within one JVM, on real files and real OS locks. */
class InProcessLockTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");

    @TempDir
    Path dir;

    private AccountLocks locks;

    @BeforeEach
    void open() {
        locks = AccountLocks.open(dir);
    }

    @AfterEach
    void close() {
        locks.close();
    }

    private Path file() {
        return dir.resolve(LockFileNames.fileName(ACCOUNT));
    }

    @Test
    void acquiringWritesARecordWithTheOlderLaunchersFourFieldsAndMore() throws Exception {
        // when
        try (LockHandle lock = ((Acquisition.Acquired) locks.tryAcquire(ACCOUNT, "john_topstep")).handle()) {
            // then
            String json = LockFiles.readFromAnotherProcess(file());
            assertThat(json)
                    .contains(
                            "\"account_id\" : \"123456\"",
                            "\"pid\" : " + ProcessHandle.current().pid(),
                            "\"broker_username\" : \"john_topstep\"",
                            "\"hostname\"",
                            "\"writer\" : \"instance-lock\"");
            assertThat(json).containsPattern("\"created_at\" : \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\"");
            assertThat(lock.location()).isEqualTo(file().toRealPath().toString());
        }
    }

    @Test
    void secondAcquisitionThroughAnotherInstanceInTheSameJvmIsRefused() {
        // given
        LockHandle first = ((Acquisition.Acquired) locks.tryAcquire(ACCOUNT, "john_topstep")).handle();
        // when: a second view of the same directory, by another path spelling
        Acquisition second;
        try (AccountLocks others =
                AccountLocks.open(dir.resolve(".").resolve("sub").resolve(".."))) {
            second = others.tryAcquire(ACCOUNT, "other");
        }
        // then
        assertThat(second).isInstanceOf(Acquisition.Refused.class);
        assertThat(((Acquisition.Refused) second).message()).contains("Broker: john_topstep");
        assertThat(first.isHeld()).isTrue();
        first.close();
    }

    @Test
    void releaseRemovesTheLockFile() {
        // given
        LockHandle lock = ((Acquisition.Acquired) locks.tryAcquire(ACCOUNT, "john")).handle();
        assertThat(file()).exists();
        // when
        lock.close();
        // then
        assertThat(file()).doesNotExist();
    }

    @Test
    void leftoverOfACrashedReleaseIsTakenOver() throws Exception {
        // given: a releaser died after retiring the file and before deleting it
        Files.writeString(file(), "{\"retired\": \"0b5c\"}");
        // when
        Acquisition attempt = locks.tryAcquire(ACCOUNT, "john");
        // then
        assertThat(attempt.acquired()).isTrue();
        assertThat(LockFiles.readFromAnotherProcess(file())).contains("\"broker_username\" : \"john\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "garbage \u0000\u0001",
                "{\"account_id\": \"123456\", \"pid\": 42",
                "[1, 2]",
                "{\"account_id\": \"999\", \"pid\": 42, \"created_at\": \"2025-11-09T14:30:00\"}",
                "{\"account_id\": \"123456\", \"pid\": -1, \"created_at\": \"2025-11-09T14:30:00\"}",
                "{\"account_id\": \"123456\", \"pid\": 42, \"created_at\": \"yesterday\"}"
            })
    void unreadableLockFilesNeverBlockTheAccount(String content) throws Exception {
        // given
        Files.writeString(file(), content);
        // when
        LockStatus before = locks.inspect(ACCOUNT);
        Acquisition attempt = locks.tryAcquire(ACCOUNT, "john");
        // then
        assertThat(before.state()).isEqualTo(LockState.STALE);
        assertThat(before.reason()).contains("unreadable lock file");
        assertThat(attempt.acquired()).isTrue();
        ((Acquisition.Acquired) attempt).handle().close();
        assertThat(file()).doesNotExist();
    }

    @Test
    void hugeLockFileIsNotReadWholeAndDoesNotBlock() throws Exception {
        // given
        Files.write(file(), new byte[20 * 1024 * 1024]);
        // when
        LockStatus status = locks.inspect(ACCOUNT);
        // then
        assertThat(status.state()).isEqualTo(LockState.STALE);
        assertThat(status.reason()).contains("20971520 bytes");
        assertThat(locks.tryAcquire(ACCOUNT, "john").acquired()).isTrue();
    }

    @Test
    void symbolicLinkInPlaceOfALockFileIsRefusedAndNeverFollowed() throws Exception {
        // given
        Path target = Files.writeString(dir.resolve("precious.txt"), "keep me");
        Files.createSymbolicLink(file(), target);
        // then
        assertThatThrownBy(() -> locks.tryAcquire(ACCOUNT, "john"))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("symbolic link")
                .hasMessageContaining(file().getFileName().toString());
        assertThat(locks.inspect(ACCOUNT).reason()).contains("symbolic link");
        assertThat(Files.readString(target, StandardCharsets.UTF_8)).isEqualTo("keep me");
        assertThat(Files.isSymbolicLink(file())).isTrue();
    }

    @Test
    void lockDirectoryThatIsAFileGivesAClearError() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("locks"), "x");
        assertThatThrownBy(() -> AccountLocks.open(notADirectory))
                .isInstanceOf(LockException.class)
                .hasMessageContaining(notADirectory.toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void missingLockDirectoryIsCreated() {
        Path nested = dir.resolve("a/b/locks");
        try (AccountLocks created = AccountLocks.open(nested)) {
            assertThat(created.tryAcquire(ACCOUNT, "john").acquired()).isTrue();
        }
        assertThat(nested).isDirectory();
    }

    @Test
    void listShowsEveryLockSortedAndSkipsForeignFiles() throws Exception {
        // given
        Files.writeString(dir.resolve("notes.txt"), "not a lock");
        Files.writeString(dir.resolve("account_bad id.lock"), "x");
        locks.tryAcquire(AccountId.of("b2"), "john");
        locks.tryAcquire(AccountId.of("a1"), "john");
        Files.writeString(dir.resolve("account_c3.lock"), "");
        // when / then
        assertThat(locks.list())
                .extracting(s -> s.account().value() + "=" + s.state())
                .containsExactly("a1=HELD", "b2=HELD", "c3=STALE");
    }

    @Test
    void removingStaleLocksKeepsHeldOnes() throws Exception {
        // given
        locks.tryAcquire(AccountId.of("held"), "john");
        Files.writeString(dir.resolve("account_stale.lock"), "{}");
        // when
        var removed = locks.removeStale();
        // then
        assertThat(removed).extracting(s -> s.account().value()).containsExactly("stale");
        assertThat(dir.resolve("account_stale.lock")).doesNotExist();
        assertThat(locks.inspect(AccountId.of("held")).state()).isEqualTo(LockState.HELD);
    }

    @Test
    void cleaningUpSkipsALockFileThatCannotBeOpenedAndRemovesTheRest() throws Exception {
        // given
        Files.createSymbolicLink(dir.resolve("account_linked.lock"), dir.resolve("elsewhere"));
        Files.writeString(dir.resolve("account_stale.lock"), "");
        // when
        var removed = locks.removeStale();
        // then
        assertThat(removed).extracting(s -> s.account().value()).containsExactly("stale");
        assertThat(Files.isSymbolicLink(dir.resolve("account_linked.lock"))).isTrue();
    }
}
