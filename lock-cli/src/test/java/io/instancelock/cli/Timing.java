package io.instancelock.cli;

import java.time.Duration;

/** Every time limit of the tests, in one place; generous, since the build machine may be busy. */
final class Timing {

    /** How long one lockctl process may take to finish. */
    static final Duration PROCESS = Duration.ofSeconds(60);

    /** How long to wait for a state another process brings about. */
    static final Duration STATE_CHANGE = Duration.ofSeconds(60);

    /** How long a command under test sleeps: far longer than any test, so it never ends by itself. */
    static final String LONG_SLEEP = "600";

    private Timing() {}
}
