package io.instancelock.gui;

import java.time.Duration;

/** Every timeout of the launcher tests, in one place; generous for a slow, shared 2-core machine. */
final class Timing {

    /** A child JVM (bot or launcher) starts and shows its first output or state. */
    static final Duration PROCESS_START = Duration.ofSeconds(45);
    /** A UI or lock change that needs no new process. */
    static final Duration CHANGE = Duration.ofSeconds(20);
    /** How long the presenter waits for a bot to stop after asking it, in tests. */
    static final Duration STOP_GRACE = Duration.ofSeconds(2);
    /** How often awaited conditions are polled. */
    static final Duration POLL = Duration.ofMillis(50);

    private Timing() {}
}
