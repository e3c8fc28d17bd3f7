package io.instancelock.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Waiting for an account another process holds: the wait blocks in the kernel (in the caller's thread
 * on Linux), and still ends on time, on an interrupt, and when the kernel sees two processes waiting
 * for each other, leaving nothing held behind.
 */
class KernelWaitTest {

    private static final AccountId HELD_BY_CHILD = AccountId.of("111111");
    private static final AccountId HELD_HERE = AccountId.of("222222");

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

    private ChildJvm child(List<String> jvmOptions, AccountId account) throws Exception {
        ChildJvm child = ChildJvm.startWith(jvmOptions, dir.toString(), account.value());
        children.add(child);
        return child;
    }

    private ChildJvm holder(AccountId account) throws Exception {
        ChildJvm child = child(List.of(), account);
        child.awaitLine("ACQUIRED");
        return child;
    }

    /** Whether a new process takes the account at once (its answer, ACQUIRED or REFUSED). */
    private boolean nextProcessTakes(AccountId account) throws Exception {
        ChildJvm next = child(List.of(), account);
        await().atMost(Timing.CHILD)
                .until(() -> next.output().contains("ACQUIRED") || next.output().contains("REFUSED"));
        return next.output().contains("ACQUIRED");
    }

    @Test
    void waitThatTimesOutLeavesNothingHeldForTheNextProcess() throws Exception {
        // given
        ChildJvm holder = holder(HELD_BY_CHILD);
        // when
        long start = System.nanoTime();
        Acquisition attempt = locks.tryAcquire(HELD_BY_CHILD, "waiter", Duration.ofMillis(400));
        long waited = System.nanoTime() - start;
        // then: refused after waiting its time, and once the holder lets go, a third process gets in
        assertThat(attempt.acquired()).isFalse();
        assertThat(waited).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
        holder.send("release");
        holder.awaitLine("RELEASED");
        assertThat(nextProcessTakes(HELD_BY_CHILD)).isTrue();
    }

    @Test
    void interruptedWaitEndsAndKeepsTheProcessesOtherLocks() throws Exception {
        // given: this process holds one account and waits for another
        assertThat(locks.tryAcquire(HELD_HERE, "holder").acquired()).isTrue();
        ChildJvm holder = holder(HELD_BY_CHILD);
        FutureTask<Acquisition> wait =
                new FutureTask<>(() -> locks.tryAcquire(HELD_BY_CHILD, "waiter", Timing.CHILD.multipliedBy(4)));
        Thread waiter = new Thread(wait, "waiter");
        waiter.start();
        await().during(Duration.ofMillis(300)).atMost(Timing.PROMPT).until(() -> !wait.isDone());
        // when
        waiter.interrupt();
        // then: the wait ends with the interrupt, this process still holds its other account, and the
        // interrupted wait did not take the account when its holder let go
        await().atMost(Timing.PROMPT).until(wait::isDone);
        assertThatThrownBy(wait::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        ChildJvm other = child(List.of(), HELD_HERE);
        assertThat(other.awaitLine("REFUSED")).contains("HELD");
        holder.send("release");
        holder.awaitLine("RELEASED");
        assertThat(nextProcessTakes(HELD_BY_CHILD)).isTrue();
    }

    @Test
    @EnabledOnOs(
            value = OS.LINUX,
            architectures = {"amd64", "aarch64"})
    void onLinuxTheCallersOwnThreadBlocksInTheKernel() throws Exception {
        // given
        ChildJvm holder = holder(HELD_BY_CHILD);
        FutureTask<Acquisition> wait = new FutureTask<>(() -> locks.tryAcquire(HELD_BY_CHILD, "waiter", Timing.CHILD));
        Thread waiter = new Thread(wait, "waiter");
        waiter.start();
        // when
        await().atMost(Timing.PROMPT).until(() -> stackOf(waiter).contains("NativeWait.await"));
        // then: no helper thread waits for it, and the wait ends when the holder lets go
        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .doesNotContain("instance-lock-wait");
        holder.send("release");
        assertThat(wait.get(Timing.CHILD.toSeconds(), TimeUnit.SECONDS).acquired())
                .isTrue();
    }

    private static String stackOf(Thread thread) {
        StringBuilder frames = new StringBuilder();
        for (StackTraceElement frame : thread.getStackTrace()) {
            frames.append(frame.getClassName())
                    .append('.')
                    .append(frame.getMethodName())
                    .append('\n');
        }
        return frames.toString();
    }

    @ParameterizedTest(name = "child waits with {0}")
    @ValueSource(strings = {"-Dinstancelock.fs.wait=kernel", "-Dinstancelock.fs.wait=thread"})
    void twoProcessesWaitingForEachOthersAccountTimeOutInsteadOfFailing(String childWait) throws Exception {
        // given: this process holds one account and waits for the child's, which the kernel knows
        assertThat(locks.tryAcquire(HELD_HERE, "holder").acquired()).isTrue();
        ChildJvm child = child(List.of(childWait), HELD_BY_CHILD);
        child.awaitLine("ACQUIRED");
        Future<Acquisition> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return locks.tryAcquire(HELD_BY_CHILD, "waiter", Timing.CHILD);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await().during(Duration.ofMillis(300)).atMost(Timing.PROMPT).until(() -> !waiting.isDone());
        // when: the child waits for this process's account; to the kernel, a deadlock between processes
        child.send("wait " + HELD_HERE.value() + " 500");
        // then: the child's wait times out like any other instead of failing, and ours still succeeds
        assertThat(child.awaitLine("WAITED")).isEqualTo("WAITED REFUSED");
        child.send("release");
        assertThat(waiting.get(Timing.CHILD.toSeconds(), TimeUnit.SECONDS).acquired())
                .isTrue();
    }
}
