package io.instancelock.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Crash recovery latency: a holder JVM is killed with SIGKILL while another JVM waits in
 * {@code acquire(id, broker, timeout)}; measured from just before the kill (read in this process) to
 * the waiter's acquisition (read in the waiter), on the same monotonic clock. A new holder JVM is
 * started for every round.
 */
final class CrashRecoveryRun {

    private static final String ACCOUNT = "400001";

    /** Rounds to warm the waiter JVM up before measuring (its take-over path runs once a round). */
    private final int warmUp;

    private final int rounds;

    CrashRecoveryRun(int warmUp, int rounds) {
        this.warmUp = warmUp;
        this.rounds = rounds;
    }

    /**
     * The result: the measured latencies, the very first round's (a waiter JVM that has never taken
     * over before, so its code is cold), and how many kills came before the waiter was seen blocked.
     */
    record Result(Latencies latencies, long coldFirstNanos, int waiterNotSeen) {}

    /**
     * Runs the rounds with holders and a waiter in the given modes ({@code api} or {@code bare}): a bare
     * waiter behind API holders measures what the kernel alone takes to tear such a holder down.
     */
    Result run(String holderMode, String waiterMode) throws InterruptedException {
        Path dir = BenchDirs.fresh("crash-" + holderMode + "-" + waiterMode);
        try (ChildJvm waiter = ChildJvm.start(LockChild.class, dir.resolve("waiter.log"), waiterMode, dir.toString())) {
            long[] nanos = new long[rounds];
            long coldFirst = -1;
            int notSeen = 0;
            for (int round = -warmUp; round < rounds; round++) {
                ChildJvm holder = ChildJvm.start(
                        LockChild.class,
                        dir.resolve("holder-" + (round + warmUp) + ".log"),
                        holderMode,
                        dir.toString());
                holder.ask("take " + ACCOUNT, "took");
                Path lockFile = dir.resolve("account_" + ACCOUNT + ".lock");
                waiter.ask("wait " + ACCOUNT, "waiting");
                boolean seen = KernelLocks.awaitBlockedWaiterFor(lockFile, Duration.ofSeconds(2));
                long killed = System.nanoTime();
                holder.kill();
                String[] acquired = waiter.await("acquired").split(" ");
                long latency = Long.parseLong(acquired[1]) - killed;
                if (coldFirst < 0) {
                    coldFirst = latency;
                }
                if (round >= 0) {
                    nanos[round] = latency;
                    notSeen += seen ? 0 : 1;
                }
                waiter.ask("release " + ACCOUNT, "released");
                holder.awaitExit();
            }
            return new Result(Latencies.of(nanos), coldFirst, notSeen);
        } finally {
            BenchDirs.delete(dir);
        }
    }
}
