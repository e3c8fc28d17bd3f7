package io.instancelock.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockLoss;
import io.instancelock.core.LockState;
import io.instancelock.testsupport.ChildLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What users and sync tools do to the lock files of a running bot: delete them (one, all, the whole
 * directory), replace them with a copy or an old copy, or write another record over them. The holder
 * is this JVM; the would-be second bot is a child JVM.
 */
class DeletedLockFileTest {

    private static final AccountId ACCOUNT = AccountId.of("F1");
    /** The holder looks every 200 ms; "within about a second" with room for a loaded machine. */
    private static final Duration RESTORED = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private AccountLocks locks;
    private LockHandle lock;
    private ChildLocks other;

    @BeforeEach
    void holdTheAccount() throws Exception {
        locks = AccountLocks.open(dir);
        lock = held(locks.tryAcquire(ACCOUNT, "john_topstep"));
        other = ChildLocks.start(dir.toString());
    }

    @AfterEach
    void release() {
        other.close();
        lock.close();
        locks.close();
    }

    private static LockHandle held(Acquisition attempt) {
        assertThat(attempt).isInstanceOf(Acquisition.Acquired.class);
        return ((Acquisition.Acquired) attempt).handle();
    }

    private Path file() {
        return dir.resolve(LockFileNames.fileName(ACCOUNT));
    }

    private void awaitOurRecordBack() {
        await().atMost(RESTORED)
                .until(() -> Files.exists(file())
                        && Files.readString(file())
                                .contains("\"pid\" : " + ProcessHandle.current().pid()));
    }

    @Test
    void deletedLockFileLetsNobodyInAndIsBackWithItsRecord() throws Exception {
        // when
        Files.delete(file());
        // then: refused at once, before the holder has even noticed
        assertThat(other.couldTake(ACCOUNT)).isFalse();
        awaitOurRecordBack();
        assertThat(locks.list()).extracting(s -> s.account() + "=" + s.state()).containsExactly("F1=HELD");
        assertThat(other.couldTake(ACCOUNT)).isFalse();
        assertThat(lock.isHeld()).isTrue();
    }

    @Test
    void everyLockFileDeletedAtOnceLetsNobodyIn() throws Exception {
        // given
        AccountId second = AccountId.of("F2");
        LockHandle secondLock = held(locks.tryAcquire(second, "john_topstep"));
        // when: rm -rf locks/* (the shell's * leaves the hidden guard file)
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .toList()) {
                Files.delete(file);
            }
        }
        // then
        assertThat(other.couldTake(ACCOUNT)).isFalse();
        assertThat(other.couldTake(second)).isFalse();
        awaitOurRecordBack();
        await().atMost(RESTORED).until(() -> Files.exists(dir.resolve(LockFileNames.fileName(second))));
        secondLock.close();
    }

    @Test
    void lockFileReplacedByACopyIsTakenBackAndItsOwnLockHoldsEvenWithoutTheGuardFile() throws Exception {
        // given: a sync tool puts a copy in its place (a new file with the same content)
        Path copy = dir.resolve("copy.tmp");
        Files.copy(file(), copy);
        Object before = Files.readAttributes(file(), java.nio.file.attribute.BasicFileAttributes.class)
                .fileKey();
        // when
        Files.move(copy, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // then
        assertThat(other.couldTake(ACCOUNT)).isFalse();
        assertThat(Files.readAttributes(file(), java.nio.file.attribute.BasicFileAttributes.class)
                        .fileKey())
                .isNotEqualTo(before);
        // and the holder takes the new file's own OS lock: with the guard file gone too, it still refuses
        long inode = (Long) Files.getAttribute(file(), "unix:ino");
        await().atMost(RESTORED).until(() -> LockFiles.osLockedInodes().contains(inode));
        Files.delete(dir.resolve(LockFileNames.GUARD_FILE));
        assertThat(other.couldTake(ACCOUNT)).isFalse();
    }

    @Test
    void oldCopyNamingADeadHolderDoesNotLetTheNextAcquirerIn() throws Exception {
        // given: an older copy of the file, from a holder long gone, restored by a sync tool
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path old = dir.resolve("old.tmp");
        Files.writeString(
                old,
                "{\"account_id\" : \"F1\", \"pid\" : " + gone.pid() + ", \"created_at\" : \"2025-11-01T09:00:00\","
                        + " \"broker_username\" : \"someone\", \"writer\" : \"instance-lock\"}");
        // when
        Files.move(old, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        // then
        assertThat(other.couldTake(ACCOUNT)).isFalse();
        awaitOurRecordBack();
        assertThat(lock.isHeld()).isTrue();
    }

    @Test
    void deletedLockDirectoryIsMadeAgainAndLetsNobodyInAfterwards() throws Exception {
        // when: rm -rf locks
        deleteTree(dir);
        // then
        awaitOurRecordBack();
        assertThat(Files.exists(dir.resolve(LockFileNames.GUARD_FILE))).isTrue();
        assertThat(other.couldTake(ACCOUNT)).isFalse();
        assertThat(lock.isHeld()).isTrue();
    }

    @Test
    void deletedLockDirectoryTakenByAnotherProcessBeforeTheHolderNoticesIsALoss() throws Exception {
        // given
        CompletableFuture<LockLoss> told = lock.whenLost().toCompletableFuture();
        // when: another bot starts right after the directory was deleted
        boolean stolen = false;
        for (int attempt = 0; attempt < 20 && !stolen; attempt++) {
            stolen = other.stealAfterDeleting(ACCOUNT, dir);
        }
        assertThat(stolen).isTrue();
        // then
        LockLoss loss = told.get(RESTORED.toSeconds(), TimeUnit.SECONDS);
        assertThat(loss.reason()).contains("taken by pid " + other.process().pid());
        assertThat(lock.isHeld()).isFalse();
        lock.close();
        assertThat(Files.readString(file()))
                .contains("\"pid\" : " + other.process().pid());
    }

    @Test
    void olderLauncherWritingOverOurRecordIsALossAndItsRecordIsLeftInPlace() throws Exception {
        // given: the older launcher checked before we wrote, and now writes its own record over ours
        Process launcher = new ProcessBuilder("sleep", "120").start();
        try {
            CompletableFuture<LockLoss> told = lock.whenLost().toCompletableFuture();
            String record = LockFiles.olderLauncherRecord("F1", launcher.pid(), LocalDateTime.now());
            // when: Python's open(path, "w") truncates and writes the same file
            Files.writeString(file(), record);
            // then
            LockLoss loss = told.get(RESTORED.toSeconds(), TimeUnit.SECONDS);
            assertThat(loss.reason()).contains("written over").contains("pid " + launcher.pid());
            lock.close();
            assertThat(Files.readString(file())).isEqualTo(record);
            assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.HELD);
        } finally {
            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void releaseLeavesARecordThatSomeoneElseWroteOverOurs() throws Exception {
        // given: the older launcher's record lands in our file just before we release
        Process launcher = new ProcessBuilder("sleep", "120").start();
        try {
            String record = LockFiles.olderLauncherRecord("F1", launcher.pid(), LocalDateTime.now());
            Files.writeString(file(), record);
            // when
            lock.close();
            // then: its record stays, so no third bot gets in beside it
            assertThat(Files.readString(file())).isEqualTo(record);
            assertThat(other.couldTake(ACCOUNT)).isFalse();
        } finally {
            launcher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
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
