package io.instancelock.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Slot;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Waiting is done by the server, woken by the release, and an interrupted wait leaves nothing there. */
class WaitingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final AccountId ACCOUNT = AccountId.of("123456");

    private String database;
    private LockBackend holderSide;
    private LockBackend waiterSide;

    @BeforeEach
    void open() {
        String url = PgServer.freshDatabase();
        database = PgServer.database(url);
        holderSide = new PgLockBackendFactory().open(url, Clock.systemDefaultZone());
        waiterSide = new PgLockBackendFactory().open(url, Clock.systemDefaultZone());
    }

    @AfterEach
    void close() {
        holderSide.close();
        waiterSide.close();
    }

    @Test
    void interruptedWaiterLeavesNothingHeldOrWaitingOnTheServer() throws Exception {
        Slot held = holderSide.tryClaim(ACCOUNT).orElseThrow();
        AtomicReference<Object> outcome = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                outcome.set(waiterSide.claim(ACCOUNT, PATIENCE));
            } catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        waiter.start();
        await().atMost(PATIENCE).until(() -> waitingOnServer() == 1);
        // when
        waiter.interrupt();
        // then
        await().atMost(PATIENCE).until(() -> outcome.get() != null);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        await().atMost(PATIENCE).until(() -> waitingOnServer() == 0);
        assertThat(PgServer.advisoryLocks(database)).isEqualTo(1);
        held.close();
        assertThat(PgServer.advisoryLocks(database)).isZero();
        Optional<Slot> next = waiterSide.tryClaim(ACCOUNT);
        assertThat(next).isPresent();
        next.get().close();
    }

    @Test
    void waiterInterruptedJustAsTheLockIsGrantedLeavesNothingHeld() throws Exception {
        for (int round = 0; round < 15; round++) {
            Slot held = holderSide.tryClaim(ACCOUNT).orElseThrow();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    outcome.set(waiterSide.claim(ACCOUNT, PATIENCE));
                } catch (InterruptedException e) {
                    outcome.set(e);
                }
            });
            waiter.start();
            await().atMost(PATIENCE).until(() -> waitingOnServer() == 1);
            // when: the release and the interrupt race
            held.close();
            waiter.interrupt();
            waiter.join(PATIENCE.toMillis());
            // then: either the waiter has the lock, or nothing is held
            if (outcome.get() instanceof Optional<?> slot) {
                ((Slot) slot.orElseThrow()).close();
            } else {
                assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            }
            await().atMost(PATIENCE).until(() -> PgServer.advisoryLocks(database) == 0);
        }
    }

    @Test
    void waiterIsWokenByTheReleaseNotByPolling() throws Exception {
        Slot held = holderSide.tryClaim(ACCOUNT).orElseThrow();
        CompletableFuture<Long> woken = CompletableFuture.supplyAsync(() -> {
            try {
                Slot slot = waiterSide.claim(ACCOUNT, PATIENCE).orElseThrow();
                long at = System.nanoTime();
                slot.close();
                return at;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(PATIENCE).until(() -> waitingOnServer() == 1);
        // when
        long released = System.nanoTime();
        held.close();
        // then
        long at = woken.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("waiter woken %.2f ms after the release%n", (at - released) / 1e6);
    }

    @Test
    void waitForAHeldAccountEndsOnTimeWithNothingHeld() throws Exception {
        Slot held = holderSide.tryClaim(ACCOUNT).orElseThrow();
        assertThat(waiterSide.claim(ACCOUNT, Duration.ofMillis(700))).isEmpty();
        assertThat(PgServer.advisoryLocks(database)).isEqualTo(1);
        held.close();
    }

    @Test
    void accountLocksWaitingAcrossTwoInstancesHandsOver() throws Exception {
        String url = "postgresql://postgres@127.0.0.1:" + PgServer.shared().getPort() + "/" + database;
        try (AccountLocks locks = AccountLocks.open(url, Clock.systemDefaultZone())) {
            Slot held = holderSide.tryClaim(ACCOUNT).orElseThrow();
            CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> {
                try {
                    return locks.tryAcquire(ACCOUNT, "waiter", PATIENCE).acquired();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(PATIENCE).until(() -> waitingOnServer() == 1);
            held.close();
            assertThat(waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        }
    }

    private int waitingOnServer() throws Exception {
        try (Connection admin = PgServer.admin(database);
                Statement statement = admin.createStatement();
                var row = statement.executeQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            row.next();
            return row.getInt(1);
        }
    }
}
