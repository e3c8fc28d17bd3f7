package io.instancelock.bench;

import java.nio.file.Path;

/**
 * Hand-over latency across processes: two child JVMs pass one account's lock back and forth. Each
 * round the holder waits until the other is blocked in the kernel on the lock file, reads
 * {@link System#nanoTime()} and releases; the waiter (in {@code acquire(id, broker, timeout)}) reads
 * it again as soon as it holds the lock. Linux's monotonic clock is the same in every process, so the
 * difference is the hand-over. Nothing else runs meanwhile: the holder reports its release time only
 * once the waiter has answered. Rounds are measured once both JVMs are warm ({@link WarmUp}).
 */
final class HandOverRun {

    private static final String ACCOUNT = "300001";

    private final WarmUp warmUp;

    private final int measured;

    HandOverRun(WarmUp warmUp, int measured) {
        this.warmUp = warmUp;
        this.measured = measured;
    }

    /**
     * The result: the measured latencies, the very first hand-over's (both JVMs cold), how many rounds
     * released before a waiter was seen blocked, and how the warm-up went.
     */
    record Result(Latencies latencies, long coldFirstNanos, int waiterNotSeen, Warmed warmed) {}

    /** How a warm-up went: its rounds, and whether the compilers went quiet within them. */
    record Warmed(int rounds, boolean quiet) {
        String describe() {
            return rounds + " warm-up rounds" + (quiet ? "" : " (the compilers were still busy at the limit)");
        }
    }

    /** Two children and which of them holds the lock now. */
    private static final class Pair {
        final ChildJvm first;
        final ChildJvm second;
        ChildJvm holder;
        ChildJvm waiter;

        Pair(ChildJvm first, ChildJvm second) {
            this.first = first;
            this.second = second;
            this.holder = first;
            this.waiter = second;
        }

        /** One hand-over. */
        Sample handOver() {
            waiter.ask("wait " + ACCOUNT, "waiting");
            holder.send("hand-over " + ACCOUNT);
            String[] acquired = waiter.await("acquired").split(" ");
            String[] released = holder.ask("last-release", "released").split(" ");
            return new Sample(
                    Long.parseLong(acquired[1]) - Long.parseLong(released[1]), Boolean.parseBoolean(released[2]));
        }

        void swap() {
            ChildJvm previous = holder;
            holder = waiter;
            waiter = previous;
        }

        /** Each child's JIT compilation time so far, in ms (-1: not measured). */
        long[] compiled() {
            return new long[] {compiled(first), compiled(second)};
        }

        private static long compiled(ChildJvm child) {
            return Long.parseLong(child.ask("compiled", "compiled").split(" ")[1]);
        }
    }

    /** One hand-over's latency, and whether the waiter was seen blocked before the release. */
    private record Sample(long nanos, boolean waiterSeen) {}

    /** One round of a run: a hand-over and whatever puts the pair back for the next. */
    private interface Round {
        Sample run(Pair pair);
    }

    /** Where warm-up left the pair: the first (cold) round's latency, and how warm-up went. */
    private record Warm(long coldFirst, Warmed warmed) {}

    /** Rounds until both JVMs are warm by {@link #warmUp}'s rule, from the very first (cold) one. */
    private Warm warm(Pair pair, Round round) {
        long coldFirst = round.run(pair).nanos();
        int done = 1;
        long[] before = null;
        while (true) {
            if (warmUp.looksAfter(done)) {
                long[] now = pair.compiled();
                boolean quiet = before != null && warmUp.quiet(before, now);
                if (warmUp.done(done, quiet)) {
                    return new Warm(coldFirst, new Warmed(done, quiet || !warmUp.waitsForCompilers()));
                }
                before = now;
            }
            round.run(pair);
            done++;
        }
    }

    private Result measure(Pair pair, Round round) {
        Warm warm = warm(pair, round);
        long[] nanos = new long[measured];
        int notSeen = 0;
        for (int i = 0; i < measured; i++) {
            Sample sample = round.run(pair);
            nanos[i] = sample.nanos();
            notSeen += sample.waiterSeen() ? 0 : 1;
        }
        return new Result(Latencies.of(nanos), warm.coldFirst(), notSeen, warm.warmed());
    }

    Result run(String mode) {
        Path dir = BenchDirs.fresh("hand-over-" + mode);
        try (ChildJvm first = ChildJvm.start(LockChild.class, dir.resolve("a.log"), mode, dir.toString());
                ChildJvm second = ChildJvm.start(LockChild.class, dir.resolve("b.log"), mode, dir.toString())) {
            first.ask("take " + ACCOUNT, "took");
            Pair pair = new Pair(first, second);
            Result result = measure(pair, p -> {
                Sample sample = p.handOver();
                p.swap();
                return sample;
            });
            pair.holder.ask("release " + ACCOUNT, "released");
            return result;
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
    Result runFixedRoles(String holderMode, String waiterMode) {
        Path dir = BenchDirs.fresh("hand-over-" + holderMode + "-" + waiterMode);
        try (ChildJvm holder = ChildJvm.start(LockChild.class, dir.resolve("holder.log"), holderMode, dir.toString());
                ChildJvm waiter =
                        ChildJvm.start(LockChild.class, dir.resolve("waiter.log"), waiterMode, dir.toString())) {
            return measure(new Pair(holder, waiter), p -> {
                p.holder.ask("take " + ACCOUNT, "took");
                Sample sample = p.handOver();
                p.waiter.ask("release " + ACCOUNT, "released");
                return sample;
            });
        } finally {
            BenchDirs.delete(dir);
        }
    }
}
