package io.instancelock.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockState;
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
 * class and says how to open a fresh, empty lock location.
 */
public abstract class AccountLocksContract {

    /** Generous: CI machines are small and noisy. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    private static final AccountId ACCOUNT = AccountId.of("123456");

    protected AccountLocks locks;

    /** Opens the locks of a fresh, empty location; called once per test (and again for a second view). */
    protected abstract AccountLocks openLocks();

    @BeforeEach
    void openTheLocks() {
        locks = openLocks();
    }

    @AfterEach
    void closeTheLocks() {
        locks.close();
    }

    @Test
    void heldAccountIsRefusedToASecondAcquirerWithTheHoldersRecord() {
        // given
        LockHandle first = locks.tryAcquire(ACCOUNT, "john_topstep").handle().orElseThrow();
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
    void releasingFreesTheAccountAndReleasingTwiceIsHarmless() {
        // given
        LockHandle lock = locks.tryAcquire(ACCOUNT, "john").handle().orElseThrow();
        // when
        lock.close();
        lock.close();
        // then
        assertThat(lock.isHeld()).isFalse();
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
    void waitingAcquirerGetsTheAccountOnceItIsReleased() throws Exception {
        // given
        LockHandle first = locks.tryAcquire(ACCOUNT, "first").handle().orElseThrow();
        CompletableFuture<Acquisition> waiting = CompletableFuture.supplyAsync(() -> acquire("second", PATIENCE));
        await().during(Duration.ofMillis(200)).atMost(PATIENCE).until(() -> !waiting.isDone());
        // when
        first.close();
        // then
        Acquisition second = waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertThat(second.handle().orElseThrow().record().brokerUsername()).isEqualTo("second");
    }

    @Test
    void waitingEndsAfterTheTimeoutWithTheHolder() {
        // given
        locks.tryAcquire(ACCOUNT, "first").handle().orElseThrow();
        // when
        Acquisition attempt = acquire("second", Duration.ofMillis(200));
        // then
        assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
        assertThat(((Acquisition.Refused) attempt).status().holder().brokerUsername())
                .isEqualTo("first");
    }

    @Test
    void waitingForeverCanBeInterruptedAndHoldsNothingAfterwards() throws Exception {
        // given
        LockHandle first = locks.tryAcquire(ACCOUNT, "first").handle().orElseThrow();
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
    void recordedBotIsKeptInTheHoldersRecord() {
        // given
        LockHandle lock = locks.tryAcquire(ACCOUNT, "john").handle().orElseThrow();
        // when
        lock.recordBot(BotProcess.of(ProcessHandle.current()));
        // then
        assertThat(locks.inspect(ACCOUNT).holder().bot().pid())
                .isEqualTo(ProcessHandle.current().pid());
        lock.close();
        assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.FREE);
    }

    @Test
    void threadsTakingTurnsNeverOverlap() throws Exception {
        // given: a resource that notices being used twice at once
        int threads = 4;
        int cycles = 100;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> workers = new ArrayList<>();
        // when
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                for (int i = 0; i < cycles; i++) {
                    try (LockHandle lock = acquire("worker", PATIENCE).handle().orElseThrow()) {
                        if (inside.incrementAndGet() != 1) {
                            overlaps.incrementAndGet();
                        }
                        Thread.onSpinWait();
                        inside.decrementAndGet();
                        done.incrementAndGet();
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
        assertThat(done).hasValue(threads * cycles);
        assertThat(locks.list()).isEmpty();
    }

    private Acquisition acquire(String broker, Duration timeout) {
        try {
            return locks.acquire(ACCOUNT, broker, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
