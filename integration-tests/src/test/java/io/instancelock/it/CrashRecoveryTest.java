package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A holder killed with SIGKILL never leaves its account blocked, and never lets two in. */
class CrashRecoveryTest extends ChildProcessTest {

    private static final AccountId ACCOUNT = AccountId.of("crash-1");

    private final ScheduledExecutorService killer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTheKiller() {
        killer.shutdownNow();
    }

    @Test
    void killedHolderFreesItsAccountForTheWaitingSuccessorWithinASecond() throws Exception {
        // given: a holder, and in each round a successor already waiting for the account
        Child holder = children.start(TradingBot.class, lockDir, ACCOUNT.value(), "first");
        holder.awaitLine("RUNNING", Timing.CHILD_START);
        List<Long> recoveries = new ArrayList<>();
        for (int round = 1; round <= Counts.RECOVERY_ROUNDS; round++) {
            Child successor = children.start(
                    TradingBot.class, lockDir, ACCOUNT.value(), "successor-" + round, Timing.CHILD_ACQUIRE.toSeconds());
            assertThat(successor.awaitLine("FOUND", Timing.CHILD_START)).startsWith("FOUND held");
            successor.awaitLine("WAITING", Timing.CHILD_START);

            // when
            long killedAt = System.nanoTime();
            holder.kill();

            // then
            String running = successor.awaitLine("RUNNING", Timing.RECOVERY);
            long recovery = Long.parseLong(running.split(" ")[1]) - killedAt;
            recoveries.add(recovery);
            System.out.println("[instance-lock it] round " + round + ": account free for the successor "
                    + SuiteSummary.millis(recovery) + " after SIGKILL");
            holder.awaitDeath();
            holder = successor;
        }
        holder.stop();
        assertThat(holder.awaitExit(Timing.CHILD_STOP).stdOut()).contains("RELEASED");
        assertThat(lockFiles()).isEmpty();
        SuiteSummary.add("recovery after SIGKILL (waiting successor): " + SuiteSummary.percentiles(recoveries));
    }

    @Test
    void killedHolderIsTakenOverByTheNextLaunchWithinASecond() throws Exception {
        // given
        Child holder = children.start(TradingBot.class, lockDir, ACCOUNT.value(), "first");
        holder.awaitLine("RUNNING", Timing.CHILD_START);
        try (AccountLocks locks = AccountLocks.open(lockDir)) {
            assertThat(locks.tryAcquire(ACCOUNT, "second").acquired()).isFalse();

            // when
            long killedAt = System.nanoTime();
            holder.kill();

            // then: polled with tryAcquire, the way a launcher retries
            AtomicLong acquiredAt = new AtomicLong();
            List<Acquisition> taken = new ArrayList<>();
            Timing.waitAtMost(Timing.RECOVERY)
                    .pollInterval(Timing.RECOVERY_POLL)
                    .until(() -> {
                        Acquisition attempt = locks.tryAcquire(ACCOUNT, "second");
                        if (attempt.acquired()) {
                            acquiredAt.set(System.nanoTime());
                            taken.add(attempt);
                        }
                        return attempt.acquired();
                    });
            long recovery = acquiredAt.get() - killedAt;
            SuiteSummary.add(
                    "recovery after SIGKILL (next launch polling tryAcquire): " + SuiteSummary.millis(recovery));
            ((Acquisition.Acquired) taken.get(0)).handle().close();
        }
        assertThat(lockFiles()).isEmpty();
    }

    @Test
    void killedLauncherKeepsTheAccountHeldUntilItsBotExits() throws Exception {
        // given: a launcher whose bot (a child process) is recorded in the lock
        Child launcher = children.start(LauncherWithBot.class, lockDir, ACCOUNT.value());
        String[] running = launcher.awaitLine("RUNNING", Timing.CHILD_START).split(" ");
        ProcessHandle bot = ProcessHandle.of(Long.parseLong(running[3])).orElseThrow();
        try {
            // when: the launcher dies, the bot trades on
            launcher.kill();
            launcher.awaitDeath();

            // then: nobody may take the account while the bot lives
            ProcessResult refused = children.run(TradingBot.class, lockDir, ACCOUNT.value(), "second");
            assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(TradingBot.REFUSED);
            assertThat(refused.stdOut())
                    .contains("FOUND held: holder pid " + launcher.pid() + " has exited but its bot (pid " + bot.pid()
                            + ") is still running");

            // and once the bot exits too, a waiting successor takes the account
            Child successor = children.start(
                    TradingBot.class, lockDir, ACCOUNT.value(), "successor", Timing.CHILD_ACQUIRE.toSeconds());
            successor.awaitLine("WAITING", Timing.CHILD_START);
            long botKilledAt = System.nanoTime();
            bot.destroyForcibly();
            String taken = successor.awaitLine("RUNNING", Timing.PROGRESS);
            SuiteSummary.add("launcher killed, then its bot: waiting successor took over "
                    + SuiteSummary.millis(Long.parseLong(taken.split(" ")[1]) - botKilledAt)
                    + " after the bot's SIGKILL");
            successor.stop();
            assertThat(successor.awaitExit(Timing.CHILD_STOP).exitCode()).isZero();
            assertThat(lockFiles()).isEmpty();
        } finally {
            bot.destroyForcibly();
        }
    }

    @Test
    void holdersKilledAtRandomMomentsNeverBlockTheAccountNorAdmitTwo() throws Exception {
        // given: looping holders that take, use and release the account as fast as they can
        long seed = Long.getLong("it.seed", System.nanoTime());
        Random random = new Random(seed);
        List<Child> loopers = new ArrayList<>();
        for (int i = 0; i < Counts.CRASH_WORKERS; i++) {
            loopers.add(startLooper());
        }
        Set<Long> killed = new HashSet<>();
        List<Long> progress = new ArrayList<>();
        SectionLog.Follower log = new SectionLog.Follower(shared.resolve("sections.log"));

        long lastEntrant = 0;
        for (int round = 1; round <= Counts.CRASH_ROUNDS; round++) {
            // when: a looper is killed after a random delay: half the time the one that entered last
            // (likely inside, or writing or removing its record), else any that is in its loop
            // (at least two in their loop, so that a survivor is ready: the figure is the lock's, not a JVM start's)
            awaitLooping(loopers, Math.min(2, Counts.CRASH_WORKERS));
            Child victim = chooseVictim(loopers, lastEntrant, random);
            long delayMicros = random.nextInt(10_000);
            killer.schedule(victim::kill, delayMicros, TimeUnit.MICROSECONDS).get();
            victim.awaitDeath();
            long deadAt = System.nanoTime();
            killed.add(victim.pid());
            loopers.remove(victim);
            loopers.add(startLooper());

            // then: someone enters the critical section after the death: the account is not blocked
            AtomicLong enteredAt = new AtomicLong();
            AtomicLong entrant = new AtomicLong(lastEntrant);
            Timing.waitAtMost(Timing.PROGRESS).until(() -> {
                for (SectionLog.Entry entry : log.next()) {
                    if (entry.kind() == 'E') {
                        entrant.set(entry.pid());
                        if (entry.nanos() > deadAt) {
                            enteredAt.compareAndSet(0, entry.nanos());
                        }
                    }
                }
                return enteredAt.get() != 0;
            });
            long wasLastEntrant = lastEntrant;
            lastEntrant = entrant.get();
            progress.add(enteredAt.get() - deadAt);
            if (enteredAt.get() - deadAt > Timing.RECOVERY.toNanos()) {
                System.out.println("[instance-lock it] crash round " + round + ": next entry only "
                        + SuiteSummary.millis(enteredAt.get() - deadAt) + " after the death of pid " + victim.pid()
                        + " (killed " + delayMicros + " us after being chosen"
                        + (victim.pid() == wasLastEntrant ? ", the last to enter)" : ")"));
            }
        }

        // then: the survivors stop cleanly, the log shows one holder at a time, the account is free
        for (Child looper : loopers) {
            looper.stop();
        }
        for (Child looper : loopers) {
            ProcessResult result = looper.awaitExit(Timing.CHILD_STOP);
            assertThat(result.exitCode()).as(result.describe()).isZero();
        }
        SectionLogReport report = SectionLogReport.analyse(SectionLog.read(shared.resolve("sections.log")), killed);
        SuiteSummary.add("crash rounds (seed " + seed + "): " + killed.size() + " holders killed, "
                + Counts.CRASH_WORKERS + " loopers: " + report.summary()
                + "; next entry after a kill " + SuiteSummary.percentiles(progress) + ", "
                + progress.stream()
                        .filter(nanos -> nanos > Timing.RECOVERY.toNanos())
                        .count() + " over "
                + Timing.RECOVERY.toMillis() + " ms");
        assertThat(report.overlaps()).as("overlapping critical sections").isEmpty();
        assertThat(report.violations())
                .as("shared resource used by two at once")
                .isEmpty();
        assertThat(killed).hasSize(Counts.CRASH_ROUNDS);
        try (AccountLocks locks = AccountLocks.open(lockDir)) {
            Acquisition last = locks.tryAcquire(ACCOUNT, "after-the-storm");
            assertThat(last.acquired())
                    .as("account free after the crash rounds: %s", last)
                    .isTrue();
            ((Acquisition.Acquired) last).handle().close();
        }
        assertThat(lockFiles()).isEmpty();
    }

    private static void awaitLooping(List<Child> loopers, int count) {
        Timing.waitAtMost(Timing.CHILD_START)
                .until(() -> loopers.stream()
                                .filter(looper -> looper.line("LOOPING").isPresent())
                                .count()
                        >= count);
    }

    /** The last entrant (if still looping) or a random looper, once one is in its loop. */
    private static Child chooseVictim(List<Child> loopers, long lastEntrant, Random random) {
        if (random.nextBoolean()) {
            for (Child looper : loopers) {
                if (looper.pid() == lastEntrant && looper.line("LOOPING").isPresent()) {
                    return looper;
                }
            }
        }
        List<Child> looping = loopers.stream()
                .filter(looper -> looper.line("LOOPING").isPresent())
                .toList();
        Child victim = looping.isEmpty()
                ? loopers.get(random.nextInt(loopers.size()))
                : looping.get(random.nextInt(looping.size()));
        victim.awaitLine("LOOPING", Timing.CHILD_START);
        return victim;
    }

    private Child startLooper() {
        return children.start(ContendingWorker.class, lockDir, ACCOUNT.value(), shared, 0, ContendingWorker.Mode.CRASH);
    }
}
