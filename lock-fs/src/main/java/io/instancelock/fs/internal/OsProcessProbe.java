package io.instancelock.fs.internal;

import io.instancelock.core.ProcessProbe;
import java.time.Instant;
import java.util.Optional;

/**
 * Process liveness and start time from {@link ProcessHandle}; where it cannot see a process (another
 * user's, behind {@code hidepid} or Windows' access checks), the OS is asked directly through JNA.
 */
final class OsProcessProbe implements ProcessProbe {

    @Override
    public Liveness liveness(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            return process.get().isAlive() ? Liveness.ALIVE : Liveness.DEAD;
        }
        return NativeLiveness.probe(pid);
    }

    @Override
    public Optional<Instant> startTime(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant());
    }
}
