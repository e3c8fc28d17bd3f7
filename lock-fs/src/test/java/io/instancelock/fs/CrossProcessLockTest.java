package io.instancelock.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock between real processes: child JVMs holding, dying and waiting. */
class CrossProcessLockTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");

    @TempDir
    Path dir;

    private AccountLocks locks;
    private final List<ChildJvm> children = new ArrayList<>();

    @BeforeEach
    void open() {
        locks = AccountLocks.open(dir);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (ChildJvm child : children) {
            child.close();
        }
        locks.close();
    }

    private ChildJvm holder(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of(dir.toString(), ACCOUNT.value()));
        args.addAll(List.of(extra));
        ChildJvm child = ChildJvm.start(args.toArray(String[]::new));
        children.add(child);
        child.awaitLine("ACQUIRED");
        return child;
    }

    @Test
    void secondProcessIsRefusedWithTheStandardMessageWhileTheFirstHoldsTheLock() throws Exception {
        // given
        holder();
        // when
        Acquisition attempt = locks.tryAcquire(ACCOUNT, "someone_else");
        // then
        assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
        Acquisition.Refused refused = (Acquisition.Refused) attempt;
        assertThat(refused.status().state()).isEqualTo(LockState.HELD);
        assertThat(refused.message("Combine 50K - $50,000.00"))
                .startsWith("Account 'Combine 50K - $50,000.00' is already being traded!")
                .contains("Broker: child_broker");
    }

    @Test
    void holderKeepsItsLockWhileListingAndInspectingFromManyThreads() throws Exception {
        // given
        LockHandle lock = ((Acquisition.Acquired) locks.tryAcquire(ACCOUNT, "me")).handle();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Future<Integer>> lookers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lookers.add(pool.submit(() -> {
                int looks = 0;
                while (running.get()) {
                    assertThat(locks.list())
                            .singleElement()
                            .extracting(s -> s.state())
                            .isEqualTo(LockState.HELD);
                    assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.HELD);
                    looks++;
                }
                return looks;
            }));
        }
        try {
            // when: other processes try while we look
            for (int i = 0; i < 3; i++) {
                ChildJvm other = ChildJvm.start(dir.toString(), ACCOUNT.value());
                children.add(other);
                // then
                assertThat(other.awaitLine("REFUSED")).contains("HELD");
                assertThat(other.awaitExit()).isEqualTo(75);
            }
        } finally {
            running.set(false);
            pool.shutdown();
        }
        for (Future<Integer> looker : lookers) {
            assertThat(looker.get(Timing.CHILD.toSeconds(), TimeUnit.SECONDS)).isPositive();
        }
        assertThat(lock.isHeld()).isTrue();
        lock.close();
    }

    @Test
    void killedHolderFreesTheAccountAtOnce() throws Exception {
        // given
        ChildJvm child = holder();
        // when
        child.killHard();
        long killed = System.nanoTime();
        // then
        await().atMost(Timing.PROMPT)
                .until(() -> locks.tryAcquire(ACCOUNT, "me").acquired());
        System.out.printf("account free %.1f ms after SIGKILL%n", (System.nanoTime() - killed) / 1e6);
    }

    @Test
    void waitingAcquirerTakesTheLockWhenTheHolderReleases() throws Exception {
        // given
        ChildJvm child = holder();
        CompletableFuture<Acquisition> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return locks.tryAcquire(ACCOUNT, "waiter", Timing.CHILD);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(300)).atMost(Timing.PROMPT).until(() -> !waiting.isDone());
        // when
        child.send("release");
        // then: the waiter took the new file, not the deleted one
        Acquisition acquired = waiting.get(Timing.CHILD.toSeconds(), TimeUnit.SECONDS);
        assertThat(acquired.acquired()).isTrue();
        Path file = dir.resolve(LockFileNames.fileName(ACCOUNT));
        assertThat(LockFiles.readFromAnotherProcess(file))
                .contains("\"pid\" : " + ProcessHandle.current().pid());
        ChildJvm late = ChildJvm.start(dir.toString(), ACCOUNT.value());
        children.add(late);
        assertThat(late.awaitLine("REFUSED")).contains("HELD");
    }

    @Test
    void deadHoldersRunningBotKeepsTheAccountHeldUntilTheBotExits() throws Exception {
        // given: a holder that started a bot, then died
        ChildJvm child = holder("--", "sleep", "120");
        long botPid = Long.parseLong(child.awaitLine("BOT ").substring(4));
        child.killHard();
        try {
            // when
            Acquisition attempt = locks.tryAcquire(ACCOUNT, "me");
            // then
            assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
            assertThat(((Acquisition.Refused) attempt).status().reason())
                    .contains("bot (pid " + botPid + ") is still running");
        } finally {
            ProcessHandle.of(botPid).ifPresent(ProcessHandle::destroyForcibly);
        }
        await().atMost(Timing.PROMPT)
                .until(() -> locks.tryAcquire(ACCOUNT, "me").acquired());
    }

    @Test
    void lockIsHeldUntilTheHoldersProcessHasEndedItsShutdownHooksAndIsThenTakenOverAtOnce() throws Exception {
        // given: a holder whose own shutdown hook still trades
        ChildJvm child = holder();
        Path file = dir.resolve(LockFileNames.fileName(ACCOUNT));
        // when: it exits (as on SIGTERM) and its hook runs
        child.send("exit-with-hook");
        assertThat(child.awaitLine("HOOK RUNNING")).isEqualTo("HOOK RUNNING true");
        // then: the account is still held while the hook runs
        Acquisition during = locks.tryAcquire(ACCOUNT, "me");
        assertThat(during).isInstanceOf(Acquisition.Refused.class);
        assertThat(((Acquisition.Refused) during).status().state()).isEqualTo(LockState.HELD);
        // and once the process has ended, its record is stale and taken over at once
        child.send("done");
        assertThat(child.awaitExit()).isZero();
        assertThat(file).exists();
        assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.STALE);
        assertThat(locks.tryAcquire(ACCOUNT, "me").acquired()).isTrue();
    }
}
