package io.instancelock.fs.internal;

import io.instancelock.core.ProcessProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Process liveness and start time from {@link ProcessHandle}; where it cannot see a process (another
 * user's, behind {@code hidepid} or Windows' access checks), the OS is asked directly through JNA.
 */
final class OsProcessProbe implements ProcessProbe {

    private static final Path PROC = Path.of("/proc");

    @Override
    public Liveness liveness(long pid) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isPresent()) {
            return process.get().isAlive() && !isZombie(pid) ? Liveness.ALIVE : Liveness.DEAD;
        }
        return NativeLiveness.probe(pid);
    }

    @Override
    public Optional<Instant> startTime(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().startInstant());
    }

    /**
     * A process that has exited but was not yet reaped by its parent (common for orphans in
     * containers whose first process reaps nothing) still has a PID, but runs no code: it is dead.
     */
    private static boolean isZombie(long pid) {
        Path stat = PROC.resolve(Long.toString(pid)).resolve("stat");
        try {
            String line = Files.readString(stat);
            int end = line.lastIndexOf(')');
            return end > 0 && end + 2 < line.length() && line.charAt(end + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
