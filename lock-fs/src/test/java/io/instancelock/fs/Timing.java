package io.instancelock.fs;

import java.time.Duration;

/** Every timeout of these tests, in one place: generous, because CI machines are small and noisy. */
final class Timing {

    /** A child JVM starting and answering. */
    static final Duration CHILD = Duration.ofSeconds(30);
    /** Something that should happen at once (measured figures are far below this). */
    static final Duration PROMPT = Duration.ofSeconds(5);

    private Timing() {}
}
