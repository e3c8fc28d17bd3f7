package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockException;
import io.instancelock.core.LockHandle;
import io.instancelock.testsupport.ChildLocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of other platforms and of faults that cannot be made on demand, through their seams, on
 * real files: Windows' polling wait and delete-pending names, a case-insensitive directory, a full disk.
 */
class PlatformRulesTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        FaultHooks.reset();
        KernelWait.poll = System.getProperty("os.name", "").startsWith("Windows");
    }

    private AccountLocks open(Boolean caseInsensitive) {
        return AccountLocks.using(FileLockBackend.open(dir, caseInsensitive), Clock.systemDefaultZone());
    }

    private static LockHandle held(Acquisition attempt) {
        assertThat(attempt).isInstanceOf(Acquisition.Acquired.class);
        return ((Acquisition.Acquired) attempt).handle();
    }

    @Test
    void pollingWaitAsOnWindowsEndsOnTimeAndTakesTheAccountOnceReleased() throws Exception {
        // given
        KernelWait.poll = true;
        try (AccountLocks locks = open(null);
                ChildLocks other = ChildLocks.start(dir.toString())) {
            assertThat(other.hold(ACCOUNT, "elsewhere")).isTrue();
            // when / then: the wait ends on time, holding nothing
            long started = System.nanoTime();
            assertThat(locks.tryAcquire(ACCOUNT, "me", Duration.ofMillis(300)).acquired())
                    .isFalse();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
                    .isLessThan(PATIENCE.toMillis());
            // and a waiter gets the account once the holder lets go
            CompletableFuture<Acquisition> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return locks.tryAcquire(ACCOUNT, "me", PATIENCE);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            other.release(ACCOUNT);
            held(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).close();
        }
    }

    @Test
    void interruptedPollingWaitLeavesNothingHeld() throws Exception {
        KernelWait.poll = true;
        try (AccountLocks locks = open(null);
                ChildLocks other = ChildLocks.start(dir.toString())) {
            assertThat(other.hold(ACCOUNT, "elsewhere")).isTrue();
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread waiter = new Thread(() -> {
                try {
                    locks.tryAcquire(ACCOUNT, "me", PATIENCE);
                    outcome.complete(null);
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            });
            waiter.start();
            org.awaitility.Awaitility.await()
                    .atMost(PATIENCE)
                    .until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
            waiter.interrupt();
            assertThat(outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            other.release(ACCOUNT);
            assertThat(other.couldTake(ACCOUNT)).isTrue();
        }
    }

    @Test
    void deletePendingNameAsOnWindowsIsAReleaseInProgressAndIsTriedAgain() {
        // given: the next three opens meet a file that is being deleted
        FaultHooks.windowsRules = true;
        FaultHooks.failOpensAsDeletePending(3);
        try (AccountLocks locks = open(null)) {
            // then
            held(locks.tryAcquire(ACCOUNT, "me")).close();
        }
    }

    @Test
    void accessDeniedThatPersistsIsAClearErrorAfterTheRetries() {
        FaultHooks.windowsRules = true;
        FaultHooks.failOpensAsDeletePending(1_000);
        try (AccountLocks locks = open(null)) {
            assertThatThrownBy(() -> locks.tryAcquire(ACCOUNT, "me"))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("permission denied");
        }
    }

    @Test
    void idsThatDifferOnlyInCaseAreRefusedSideBySideInACaseInsensitiveDirectory() throws Exception {
        try (AccountLocks locks = open(true);
                ChildLocks other = ChildLocks.start(dir.toString())) {
            // given
            LockHandle upper = held(locks.tryAcquire(AccountId.of("AB"), "me"));
            // when / then
            assertThatThrownBy(() -> locks.tryAcquire(AccountId.of("ab"), "me"))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("'AB' and 'ab' share one lock file")
                    .hasMessageContaining("ignores case");
            assertThat(upper.isHeld()).isTrue();
            assertThat(other.couldTake(AccountId.of("AB"))).isFalse();
            upper.close();
        }
    }

    @Test
    void hardLinkToAHeldLockFileIsRefusedAndNeverClosesTheHoldersDescriptor() throws Exception {
        try (AccountLocks locks = open(false);
                ChildLocks other = ChildLocks.start(dir.toString())) {
            // given
            LockHandle held = held(locks.tryAcquire(AccountId.of("A"), "me"));
            Files.createLink(dir.resolve("account_B.lock"), dir.resolve("account_A.lock"));
            // when / then
            assertThatThrownBy(() -> locks.tryAcquire(AccountId.of("B"), "me"))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("hard link");
            assertThat(locks.inspect(AccountId.of("B")).reason()).contains("hard link");
            Files.delete(dir.resolve("account_B.lock"));
            assertThat(other.couldTake(AccountId.of("A"))).isFalse();
            held.close();
        }
    }

    @Test
    void fullDiskFailsTheAcquisitionWithTheFixAndLeavesNoFile() throws Exception {
        // given
        FaultHooks.writeFailure = new IOException("No space left on device");
        try (AccountLocks locks = open(null)) {
            // when / then
            assertThatThrownBy(() -> locks.tryAcquire(ACCOUNT, "me"))
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("No space left on device")
                    .hasMessageContaining("Check free space");
            assertThat(dir.resolve("account_123456.lock")).doesNotExist();
            // and a stale record that was there keeps its content
            FaultHooks.writeFailure = null;
            String stale = "{\"account_id\": \"123456\", \"pid\": 2147483640, \"created_at\": \"2025-11-09T14:30:00\"}";
            Files.writeString(dir.resolve("account_123456.lock"), stale);
            FaultHooks.writeFailure = new IOException("No space left on device");
            assertThatThrownBy(() -> locks.tryAcquire(ACCOUNT, "me")).isInstanceOf(LockException.class);
            assertThat(Files.readString(dir.resolve("account_123456.lock"))).isEqualTo(stale);
            FaultHooks.writeFailure = null;
            held(locks.tryAcquire(ACCOUNT, "me")).close();
        }
    }
}
