package io.instancelock.it;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Every timeout of the suite, in one place. A slow machine can stretch them all with
 * {@code -Dit.timeout.factor=3}, except {@link #RECOVERY}: that one is the promise under test. Each
 * test method as a whole is bounded by {@code junit.jupiter.execution.timeout.default} in
 * {@code junit-platform.properties}, and the test JVM by {@code surefire.timeout} in the pom.
 */
final class Timing {

    private static final double FACTOR = positive("it.timeout.factor", 1.0);

    /** The promise: a killed holder's account is the next acquirer's within this. */
    static final Duration RECOVERY = Duration.ofSeconds(1);

    /** A child JVM starts and says it is ready. */
    static final Duration CHILD_START = scaled(Duration.ofSeconds(30));

    /** A child asked to stop (its standard input closed) exits. */
    static final Duration CHILD_STOP = scaled(Duration.ofSeconds(30));

    /** A group of workers finishes all its cycles: 240 s, or 50 ms a cycle for a long soak. */
    static Duration workersFinish(long totalCycles) {
        return scaled(Duration.ofMillis(Math.max(240_000, totalCycles * 50)));
    }

    /** A child that waits for an account inside {@code acquire(id, broker, timeout)} gives up after this. */
    static final Duration CHILD_ACQUIRE = scaled(Duration.ofSeconds(60));

    /** After a holder is killed, some other process enters the critical section within this. */
    static final Duration PROGRESS = scaled(Duration.ofSeconds(10));

    /**
     * A process whose lock the kernel has released (it is exiting) is gone from the process table
     * within this; a marker left by one still alive after it proves two holders at once.
     */
    static final Duration DYING_HOLDER = scaled(Duration.ofSeconds(5));

    /** How often a waiting test looks again. */
    static final Duration POLL = Duration.ofMillis(5);

    /** How often the recovery measurement looks again (fine, since the figure is printed). */
    static final Duration RECOVERY_POLL = Duration.ofMillis(1);

    private Timing() {}

    /** An Awaitility wait of at most {@code atMost} that looks at once, then every {@link #POLL}. */
    static ConditionFactory waitAtMost(Duration atMost) {
        return Awaitility.await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(POLL);
    }

    /** The factor, passed on to child JVMs. */
    static double factor() {
        return FACTOR;
    }

    private static Duration scaled(Duration base) {
        return Duration.ofMillis((long) (base.toMillis() * FACTOR));
    }

    private static double positive(String property, double fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                "system property " + property + " must be a positive number such as 2.5, " + "was '" + value + "'");
    }
}
