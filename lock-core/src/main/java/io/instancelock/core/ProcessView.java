package io.instancelock.core;

import io.instancelock.core.spi.ProcessProbe.Liveness;
import java.time.Instant;
import java.util.Optional;

/** What the rules need to know about processes on this computer; tests supply a fixed table. */
interface ProcessView {

    /** Whether a process with this id exists and runs (a zombie does not). */
    Liveness liveness(long pid);

    /** When the process started, if it exists and the OS says. */
    Optional<Instant> startTime(long pid);

    /** An exact identity of the process's start that no clock change moves, where the OS has one. */
    Optional<String> startKey(long pid);

    /** Whether any running process is in the process group {@code pgid}. */
    Liveness groupLiveness(long pgid);
}
