package io.instancelock.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Crash recovery latency: a holder JVM is killed with SIGKILL while another JVM waits in
 * {@code acquire(id, broker, timeout)}; measured from just before the kill (read in this process) to
 * the waiter's acquisition (read in the waiter), on the same monotonic clock. A new holder JVM is
 * started for every round. The setups compared (library or bare holders and waiters) take their
 * rounds in turn, in an order reversed every other round, so that the load other work puts on the
 * machine falls on all of them alike: the kernel's share of a take-over (a bare waiter behind the same
 * holders) moves by milliseconds from one minute to the next on a shared machine.
 */
final class CrashRecoveryRun {

    private static final String ACCOUNT = "400001";

    /** Rounds to warm the waiter JVMs up before measuring (the take-over path runs once a round). */
    private final int warmUp;

    private final int rounds;

    CrashRecoveryRun(int warmUp, int rounds) {
        this.warmUp = warmUp;
        this.rounds = rounds;
    }

    /** A setup: how the holders lock and how the waiter does ({@code api} or {@code bare}). */
    record Setup(String holderMode, String waiterMode) {}

    /**
     * The result of one setup: the measured latencies, the very first round's (a waiter JVM that has
     * never taken over before, so its code is cold), and how many kills came before the waiter was seen
     * blocked.
     */
    record Result(Latencies latencies, long coldFirstNanos, int waiterNotSeen) {}

    /** Runs the setups' rounds in turn; the results are in the setups' order. */
    List<Result> run(List<Setup> setups) throws InterruptedException {
        List<Path> dirs = new ArrayList<>();
        List<ChildJvm> waiters = new ArrayList<>();
        try {
            for (Setup setup : setups) {
                Path dir = BenchDirs.fresh("crash-" + setup.holderMode() + "-" + setup.waiterMode());
                dirs.add(dir);
                waiters.add(
                        ChildJvm.start(LockChild.class, dir.resolve("waiter.log"), setup.waiterMode(), dir.toString()));
            }
            long[][] nanos = new long[setups.size()][rounds];
            long[] coldFirst = new long[setups.size()];
            int[] notSeen = new int[setups.size()];
            java.util.Arrays.fill(coldFirst, -1);
            for (int round = -warmUp; round < rounds; round++) {
                for (int turn = 0; turn < setups.size(); turn++) {
                    int s = Math.floorMod(round, 2) == 0 ? turn : setups.size() - 1 - turn;
                    Path dir = dirs.get(s);
                    Round measured = oneRound(setups.get(s), dir, waiters.get(s), round + warmUp);
                    if (coldFirst[s] < 0) {
                        coldFirst[s] = measured.nanos();
                    }
                    if (round >= 0) {
                        nanos[s][round] = measured.nanos();
                        notSeen[s] += measured.waiterSeen() ? 0 : 1;
                    }
                }
            }
            List<Result> results = new ArrayList<>();
            for (int s = 0; s < setups.size(); s++) {
                results.add(new Result(Latencies.of(nanos[s]), coldFirst[s], notSeen[s]));
            }
            return results;
        } finally {
            for (ChildJvm waiter : waiters) {
                waiter.close();
            }
            for (Path dir : dirs) {
                BenchDirs.delete(dir);
            }
        }
    }

    /** One kill and take-over: its latency, and whether the waiter was seen blocked before the kill. */
    private record Round(long nanos, boolean waiterSeen) {}

    private static Round oneRound(Setup setup, Path dir, ChildJvm waiter, int number) throws InterruptedException {
        ChildJvm holder = ChildJvm.start(
                LockChild.class, dir.resolve("holder-" + number + ".log"), setup.holderMode(), dir.toString());
        holder.ask("take " + ACCOUNT, "took");
        Path lockFile = dir.resolve("account_" + ACCOUNT + ".lock");
        waiter.ask("wait " + ACCOUNT, "waiting");
        boolean seen = KernelLocks.awaitBlockedWaiterFor(lockFile, Duration.ofSeconds(2));
        long killed = System.nanoTime();
        holder.kill();
        String[] acquired = waiter.await("acquired").split(" ");
        long latency = Long.parseLong(acquired[1]) - killed;
        waiter.ask("release " + ACCOUNT, "released");
        holder.awaitExit();
        return new Round(latency, seen);
    }
}
