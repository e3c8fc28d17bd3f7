package io.instancelock.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockLoss;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.Removal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every lock backend must do, seen through {@link AccountLocks}. A backend's test extends this
 * class and says how to open its lock location, how to start another process on it, and how a held
 * lock is lost with it.
 */
public abstract class AccountLocksContract {

    /** Generous: CI machines are small and noisy. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final AccountId ACCOUNT = AccountId.of("123456");

    protected AccountLocks locks;

    /** Another process on the same lock location. */
    public interface OtherProcess extends AutoCloseable {
        /** Takes the account there and keeps it; false when refused. */
        boolean hold(AccountId account, String broker) throws Exception;

        /** Lets the account go there, cleanly. */
        void release(AccountId account) throws Exception;

        /** Whether it could take the account right now (it lets it go again at once). */
        boolean couldTake(AccountId account) throws Exception;

        /** Dies with what it holds, as with SIGKILL. */
        void crash() throws Exception;

        @Override
        void close();
    }

    /**
     * Opens the locks of the test's location, which is fresh and empty for each test; called again
     * within a test for a second view of the same location.
     */
    protected abstract AccountLocks openLocks();

    /** Starts another process on the test's location. */
    protected abstract OtherProcess startOtherProcess() throws Exception;

    /**
     * Makes {@code lock} lost: another process ends up holding its account, as after this backend's
     * way of losing a lock (a lock directory deleted and taken by someone else, a dropped server
     * connection). Returns that process, which the test closes.
     */
    protected abstract OtherProcess takeAway(LockHandle lock) throws Exception;

    @BeforeEach
    void openTheLocks() {
        locks = openLocks();
    }

    @AfterEach
    void closeTheLocks() {
        locks.close();
    }

    /** The handle of an attempt that must have succeeded, failing with the holder otherwise. */
    protected static LockHandle held(Acquisition attempt) {
        assertThat(attempt).as("acquisition, refused with %s", attempt).isInstanceOf(Acquisition.Acquired.class);
        return ((Acquisition.Acquired) attempt).handle();
    }

    @Test
    void heldAccountIsRefusedToASecondAcquirerWithTheHoldersRecord() {
        // given
        LockHandle first = held(locks.tryAcquire(ACCOUNT, "john_topstep"));
        // when
        Acquisition second = locks.tryAcquire(ACCOUNT, "someone_else");
        // then
        assertThat(second).isInstanceOf(Acquisition.Refused.class);
        Acquisition.Refused refused = (Acquisition.Refused) second;
        assertThat(refused.status().state()).isEqualTo(LockState.HELD);
        assertThat(refused.status().holder().brokerUsername()).isEqualTo("john_topstep");
        assertThat(refused.message("Combine 50K")).contains("Broker: john_topstep");
        assertThat(first.isHeld()).isTrue();
    }

    @Test
    void secondAccountLocksInstanceInTheSameJvmIsRefused() {
        // given
        LockHandle first = held(locks.tryAcquire(ACCOUNT, "john_topstep"));
        // when
        Acquisition second;
        try (AccountLocks other = openLocks()) {
            second = other.tryAcquire(ACCOUNT, "other");
        }
        // then
        assertThat(second).isInstanceOf(Acquisition.Refused.class);
        assertThat(((Acquisition.Refused) second).status().reason()).contains("this process");
        assertThat(first.isHeld()).isTrue();
    }

    @Test
    void releasingFreesTheAccountAndReleasingTwiceIsHarmless() {
        // given
        LockHandle lock = held(locks.tryAcquire(ACCOUNT, "john"));
        // when
        lock.close();
        lock.close();
        // then
        assertThat(lock.isHeld()).isFalse();
        assertThat(lock.loss()).isEmpty();
        assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.FREE);
        assertThat(locks.list()).isEmpty();
        assertThat(locks.tryAcquire(ACCOUNT, "john").acquired()).isTrue();
    }

    @Test
    void differentAccountsAreIndependent() {
        assertThat(locks.tryAcquire(AccountId.of("A"), "john").acquired()).isTrue();
        assertThat(locks.tryAcquire(AccountId.of("B"), "john").acquired()).isTrue();
        assertThat(locks.list()).extracting(status -> status.account().value()).containsExactly("A", "B");
    }

    @Test
    void holderInAnotherProcessIsRefusedAndItsCrashLetsTheNextAcquirerTakeOver() throws Exception {
        try (OtherProcess other = startOtherProcess()) {
            // given
            assertThat(other.hold(ACCOUNT, "elsewhere")).isTrue();
            Acquisition refused = locks.tryAcquire(ACCOUNT, "here");
            assertThat(refused).isInstanceOf(Acquisition.Refused.class);
            assertThat(((Acquisition.Refused) refused).status().holder().brokerUsername())
                    .isEqualTo("elsewhere");
            // when
            other.crash();
            // then: the crashed holder's record is stale and the next acquirer takes it over
            await().atMost(PATIENCE).until(() -> locks.inspect(ACCOUNT).state() == LockState.STALE);
            LockHandle taken = held(locks.tryAcquire(ACCOUNT, "here"));
            assertThat(locks.inspect(ACCOUNT).holder().brokerUsername()).isEqualTo("here");
            taken.close();
        }
    }

    @Test
    void waiterGetsTheAccountWhenAHolderInAnotherProcessReleasesIt() throws Exception {
        try (OtherProcess other = startOtherProcess()) {
            // given
            assertThat(other.hold(ACCOUNT, "elsewhere")).isTrue();
            CompletableFuture<Acquisition> waiting = CompletableFuture.supplyAsync(() -> acquire("waiter", PATIENCE));
            await().during(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> !waiting.isDone());
            // when
            other.release(ACCOUNT);
            // then
            LockHandle lock = held(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            assertThat(lock.record().brokerUsername()).isEqualTo("waiter");
            assertThat(other.couldTake(ACCOUNT)).isFalse();
            lock.close();
            assertThat(other.couldTake(ACCOUNT)).isTrue();
        }
    }

    @Test
    void waitingAcquirerGetsTheAccountOnceItIsReleased() throws Exception {
        // given
        LockHandle first = held(locks.tryAcquire(ACCOUNT, "first"));
        CompletableFuture<Acquisition> waiting = CompletableFuture.supplyAsync(() -> acquire("second", PATIENCE));
        await().during(Duration.ofMillis(200)).atMost(PATIENCE).until(() -> !waiting.isDone());
        // when
        first.close();
        // then
        Acquisition second = waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(held(second).record().brokerUsername()).isEqualTo("second");
    }

    @Test
    void waitingEndsAfterTheTimeoutWithTheHolder() {
        // given
        held(locks.tryAcquire(ACCOUNT, "first"));
        // when
        Acquisition attempt = acquire("second", Duration.ofMillis(200));
        // then
        assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
        assertThat(((Acquisition.Refused) attempt).status().holder().brokerUsername())
                .isEqualTo("first");
    }

    @Test
    void waitForAHolderInAnotherProcessEndsOnTimeAndLeavesNothingHeld() throws Exception {
        try (OtherProcess other = startOtherProcess()) {
            // given
            assertThat(other.hold(ACCOUNT, "elsewhere")).isTrue();
            // when
            Acquisition attempt = acquire("waiter", Duration.ofMillis(300));
            // then
            assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
            other.release(ACCOUNT);
            await().atMost(PATIENCE)
                    .untilAsserted(() -> assertThat(other.couldTake(ACCOUNT)).isTrue());
        }
    }

    @Test
    void waitingForeverCanBeInterruptedAndHoldsNothingAfterwards() throws Exception {
        // given
        LockHandle first = held(locks.tryAcquire(ACCOUNT, "first"));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                locks.acquire(ACCOUNT, "second");
                outcome.set(new AssertionError("acquired while the account was held"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        waiter.start();
        await().during(Duration.ofMillis(200)).atMost(PATIENCE).until(waiter::isAlive);
        // when
        waiter.interrupt();
        // then
        await().atMost(PATIENCE).until(() -> outcome.get() != null);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        first.close();
        assertThat(locks.tryAcquire(ACCOUNT, "third").acquired()).isTrue();
    }

    @Test
    void interruptedCallersNeverDisturbAHeldLock() throws Exception {
        try (OtherProcess other = startOtherProcess()) {
            // given: the account is held here
            LockHandle lock = held(locks.tryAcquire(ACCOUNT, "holder"));
            AccountId free = AccountId.of("free-one");
            // when: threads with their interrupt flag set use every public method
            List<Runnable> calls = List.of(
                    () -> locks.inspect(ACCOUNT),
                    () -> locks.list(),
                    () -> locks.tryAcquire(ACCOUNT, "again"),
                    () -> locks.remove(ACCOUNT, true),
                    () -> locks.removeStale(),
                    () -> lock.record(),
                    () -> lock.recordBot(BotProcess.of(ProcessHandle.current())),
                    () -> locks.tryAcquire(free, "x").acquired(),
                    () -> locks.inspect(free));
            for (Runnable call : calls) {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread caller = new Thread(() -> {
                    Thread.currentThread().interrupt();
                    try {
                        call.run();
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                caller.start();
                caller.join(PATIENCE.toMillis());
                assertThat(failure.get()).as("an interrupted caller's call").isNull();
            }
            // then: still held here, and another process is refused
            assertThat(lock.isHeld()).isTrue();
            assertThat(other.couldTake(ACCOUNT)).isFalse();
            assertThat(locks.inspect(ACCOUNT).holder().bot()).isNotNull();
            lock.close();
            assertThat(other.couldTake(ACCOUNT)).isTrue();
        }
    }

    @Test
    void recordedBotIsKeptInTheHoldersRecord() {
        // given
        LockHandle lock = held(locks.tryAcquire(ACCOUNT, "john"));
        // when
        lock.recordBot(BotProcess.of(ProcessHandle.current()));
        // then
        assertThat(locks.inspect(ACCOUNT).holder().bot().pid())
                .isEqualTo(ProcessHandle.current().pid());
        lock.close();
        assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.FREE);
    }

    @Test
    void removeStaleRemovesACrashedHoldersLockAndLeavesALiveOne() throws Exception {
        try (OtherProcess crashed = startOtherProcess();
                OtherProcess alive = startOtherProcess()) {
            // given
            AccountId live = AccountId.of("live");
            assertThat(crashed.hold(ACCOUNT, "crashed")).isTrue();
            assertThat(alive.hold(live, "alive")).isTrue();
            crashed.crash();
            await().atMost(PATIENCE).until(() -> locks.inspect(ACCOUNT).state() == LockState.STALE);
            // when
            List<LockStatus> removed = locks.removeStale();
            Removal forced = locks.remove(live, true);
            // then
            assertThat(removed).extracting(LockStatus::account).containsExactly(ACCOUNT);
            assertThat(forced.removed()).isFalse();
            assertThat(forced.status().state()).isEqualTo(LockState.HELD);
            assertThat(locks.list()).extracting(LockStatus::account).containsExactly(live);
            assertThat(locks.tryAcquire(live, "here").acquired()).isFalse();
        }
    }

    @Test
    void lossIsReportedToTheHolderAndItsCloseLeavesTheNewHolderAlone() throws Exception {
        // given
        LockHandle lock = held(locks.tryAcquire(ACCOUNT, "first"));
        CompletableFuture<LockLoss> told = lock.whenLost().toCompletableFuture();
        // when
        try (OtherProcess taker = takeAway(lock)) {
            // then
            LockLoss loss = told.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(loss.account()).isEqualTo(ACCOUNT);
            assertThat(loss.reason()).isNotBlank();
            assertThat(lock.isHeld()).isFalse();
            assertThat(lock.loss()).contains(loss);
            lock.close();
            assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.HELD);
            assertThat(locks.tryAcquire(ACCOUNT, "again").acquired()).isFalse();
            assertThat(taker.couldTake(ACCOUNT)).isFalse();
        }
    }

    @Test
    void threadsTakingTurnsNeverOverlapAndLoseNoUpdateOfASharedCounter() throws Exception {
        // given: a resource that notices being used twice at once, and a counter updated by read-add-write
        int threads = 4;
        int cycles = 100;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        int[] counter = {0};
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        // when
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = 0; i < cycles; i++) {
                    try (LockHandle lock = held(acquire("worker", PATIENCE))) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        int read = counter[0];
                        Thread.yield();
                        counter[0] = read + 1;
                        inside.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(PATIENCE.toSeconds() * 4, TimeUnit.SECONDS);
        }
        pool.shutdown();
        // then
        assertThat(overlaps).hasValue(0);
        synchronized (counter) {
            assertThat(counter[0]).isEqualTo(threads * cycles);
        }
        assertThat(locks.list()).isEmpty();
    }

    private Acquisition acquire(String broker, Duration timeout) {
        try {
            return locks.tryAcquire(ACCOUNT, broker, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
