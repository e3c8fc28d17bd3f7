package io.instancelock.bench;

import java.nio.file.Path;

/**
 * Hand-over latency across processes: two child JVMs pass one account's lock back and forth. Each
 * round the holder waits until the other is blocked in the kernel on the lock file, reads
 * {@link System#nanoTime()} and releases; the waiter (in {@code acquire(id, broker, timeout)}) reads
 * it again as soon as it holds the lock. Linux's monotonic clock is the same in every process, so the
 * difference is the hand-over. Nothing else runs meanwhile: the holder reports its release time only
 * once the waiter has answered.
 */
final class HandOverRun {

    private static final String ACCOUNT = "300001";

    /** Rounds to warm both JVMs up before measuring. */
    private final int warmUp;

    private final int measured;

    HandOverRun(int warmUp, int measured) {
        this.warmUp = warmUp;
        this.measured = measured;
    }

    /**
     * The result: the measured latencies, the very first hand-over's (both JVMs cold), and how many
     * rounds released before a waiter was seen blocked.
     */
    record Result(Latencies latencies, long coldFirstNanos, int waiterNotSeen) {}

    Result run(String mode) {
        Path dir = BenchDirs.fresh("hand-over-" + mode);
        try (ChildJvm first = ChildJvm.start(LockChild.class, dir.resolve("a.log"), mode, dir.toString());
                ChildJvm second = ChildJvm.start(LockChild.class, dir.resolve("b.log"), mode, dir.toString())) {
            first.ask("take " + ACCOUNT, "took");
            ChildJvm holder = first;
            ChildJvm waiter = second;
            long[] nanos = new long[measured];
            long coldFirst = -1;
            int notSeen = 0;
            for (int round = 0; round < warmUp + measured; round++) {
                waiter.ask("wait " + ACCOUNT, "waiting");
                holder.send("hand-over " + ACCOUNT);
                String[] acquired = waiter.await("acquired").split(" ");
                String[] released = holder.ask("last-release", "released").split(" ");
                long latency = Long.parseLong(acquired[1]) - Long.parseLong(released[1]);
                if (round == 0) {
                    coldFirst = latency;
                }
                if (round >= warmUp) {
                    nanos[round - warmUp] = latency;
                    notSeen += Boolean.parseBoolean(released[2]) ? 0 : 1;
                }
                ChildJvm previous = holder;
                holder = waiter;
                waiter = previous;
            }
            holder.ask("release " + ACCOUNT, "released");
            return new Result(Latencies.of(nanos), coldFirst, notSeen);
        } finally {
            BenchDirs.delete(dir);
        }
    }

    /**
     * Hand-overs with fixed roles and possibly mixed modes, to split the cost between the releasing
     * and the taking side: the holder takes the lock again after each round, once the waiter has let
     * it go. A bare waiter opened the file before an API holder deleted it, so it wakes on the deleted
     * file: that is the kernel wake-up after the library's release.
     */
    Latencies runFixedRoles(String holderMode, String waiterMode) {
        Path dir = BenchDirs.fresh("hand-over-" + holderMode + "-" + waiterMode);
        try (ChildJvm holder = ChildJvm.start(LockChild.class, dir.resolve("holder.log"), holderMode, dir.toString());
                ChildJvm waiter =
                        ChildJvm.start(LockChild.class, dir.resolve("waiter.log"), waiterMode, dir.toString())) {
            long[] nanos = new long[measured];
            for (int round = 0; round < warmUp + measured; round++) {
                holder.ask("take " + ACCOUNT, "took");
                waiter.ask("wait " + ACCOUNT, "waiting");
                holder.send("hand-over " + ACCOUNT);
                String[] acquired = waiter.await("acquired").split(" ");
                String[] released = holder.ask("last-release", "released").split(" ");
                if (round >= warmUp) {
                    nanos[round - warmUp] = Long.parseLong(acquired[1]) - Long.parseLong(released[1]);
                }
                waiter.ask("release " + ACCOUNT, "released");
            }
            return Latencies.of(nanos);
        } finally {
            BenchDirs.delete(dir);
        }
    }
}
