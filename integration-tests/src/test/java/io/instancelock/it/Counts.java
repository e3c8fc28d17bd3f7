package io.instancelock.it;

/**
 * How much work each scenario does; the defaults keep the module within about two minutes on two
 * cores. Raise them for a soak, e.g. {@code -Dit.processes=16 -Dit.cycles=2000}.
 */
final class Counts {

    /** Processes contending for one account in the mutual-exclusion runs. */
    static final int PROCESSES = positive("it.processes", 8);

    /** Acquire, critical section, release cycles per contending process. */
    static final int CYCLES = positive("it.cycles", 200);

    /** Holders killed at random moments in the crash run. */
    static final int CRASH_ROUNDS = positive("it.crash.rounds", 50);

    /** Looping holders alive at once in the crash run. */
    static final int CRASH_WORKERS = positive("it.crash.workers", 3);

    /** Holders killed one after another while a successor waits, for the recovery figures. */
    static final int RECOVERY_ROUNDS = positive("it.recovery.rounds", 8);

    /** Threads of the holder that inspects its own lock. */
    static final int INSPECT_THREADS = positive("it.inspect.threads", 4);

    /** Processes that try to take the account from the self-inspecting holder. */
    static final int CONTENDERS = positive("it.inspect.contenders", 3);

    /** Attempts per contender against the self-inspecting holder. */
    static final int CONTENDER_ATTEMPTS = positive("it.inspect.attempts", 300);

    /** Shell loops running {@code lockctl run} on one account, and runs each. */
    static final int LOCKCTL_LOOPS = positive("it.lockctl.loops", 3);

    static final int LOCKCTL_RUNS = positive("it.lockctl.runs", 5);

    private Counts() {}

    static int positive(String property, int fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "system property " + property + " must be a positive whole number, " + "was '" + value + "'");
    }
}
