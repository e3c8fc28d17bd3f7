package io.instancelock.bench;

/**
 * When a cross-process benchmark's JVMs are warm: not after a fixed count of rounds, but once their
 * JIT compilers have gone quiet. A method a hand-over calls once per round reaches C2 only after
 * thousands of rounds; until then a compiler thread that compiles for milliseconds at a time shares the
 * two cores with the waiter, and its pauses, not the hand-over, make the tail (see
 * {@code docs/benchmarks.md}, run 12).
 *
 * @param minRounds rounds always run first
 * @param block rounds between two looks at the JVMs' compilation time
 * @param quietMillis the most compilation time a JVM may have added over the last block to count as warm
 * @param maxRounds rounds after which warm-up ends even if the compilers are still busy (reported)
 */
record WarmUp(int minRounds, int block, long quietMillis, int maxRounds) {

    /** The full run's rule. */
    static final WarmUp FULL = new WarmUp(200, 500, 5, 20_000);

    /** A smoke run's: a few rounds, no waiting for the compilers. */
    static final WarmUp QUICK = new WarmUp(50, 50, Long.MAX_VALUE, 50);

    WarmUp {
        if (minRounds < 1 || block < 1 || quietMillis < 0 || maxRounds < minRounds) {
            throw new IllegalArgumentException("a warm-up of " + minRounds + " to " + maxRounds
                    + " rounds in blocks of " + block + " with at most " + quietMillis + " ms compiling");
        }
    }

    /** Whether this rule waits for the compilers at all (a smoke run's does not). */
    boolean waitsForCompilers() {
        return quietMillis != Long.MAX_VALUE;
    }

    /** Whether the rounds so far need a look at the compilers (the minimum is done and a block ended). */
    boolean looksAfter(int rounds) {
        return rounds >= minRounds && (rounds - minRounds) % block == 0;
    }

    /**
     * Whether every JVM compiled for at most {@link #quietMillis} between two looks, given each one's
     * compilation time in milliseconds then and now (-1 where a JVM does not measure it: never quiet).
     */
    boolean quiet(long[] before, long[] now) {
        for (int i = 0; i < now.length; i++) {
            if (now[i] < 0 || before[i] < 0 || now[i] - before[i] > quietMillis) {
                return false;
            }
        }
        return true;
    }

    /** Whether warm-up ends after {@code rounds}, the last block having been {@code quiet} or not. */
    boolean done(int rounds, boolean quiet) {
        return rounds >= maxRounds || (quiet && rounds >= minRounds + block);
    }
}
