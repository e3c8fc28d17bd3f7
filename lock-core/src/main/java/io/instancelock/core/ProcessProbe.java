package io.instancelock.core;

import java.time.Instant;
import java.util.Optional;

/** Asks the operating system about a process on this computer. */
public interface ProcessProbe {

    /** Whether a process is alive. */
    enum Liveness {
        ALIVE,
        DEAD,
        /** The OS would not say; callers must treat the process as possibly alive. */
        UNKNOWN
    }

    /** Whether the process with this id exists now. */
    Liveness liveness(long pid);

    /** When the process with this id started, if it exists and the OS says. */
    Optional<Instant> startTime(long pid);
}
