package io.instancelock.gui;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the launcher asks the OS about processes on this computer; an interface so tests can answer. */
public interface LocalProcesses {

    /**
     * Whether {@code pid} runs and is the process a record names: its start time matches
     * {@code recordedStart} (when both are known), so a reused pid does not count.
     */
    boolean isRunning(long pid, Instant recordedStart);

    /** The process's command line, when the OS tells (it may not for another user's processes). */
    Optional<String> commandLine(long pid);

    /** Asks the process to terminate (SIGTERM on POSIX); {@code false} when it may not be signalled. */
    boolean terminate(long pid);

    /** Completes once the process has exited; at once when it is not running. */
    CompletableFuture<?> onExit(long pid);

    /** The real processes of this computer. */
    static LocalProcesses system() {
        return Os.INSTANCE;
    }

    /** Through {@link ProcessHandle}. */
    enum Os implements LocalProcesses {
        INSTANCE;

        /** Start times from different sources (and /proc's boot time) may differ by about a second. */
        private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

        @Override
        public boolean isRunning(long pid, Instant recordedStart) {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> recordedStart == null
                            || process.info()
                                    .startInstant()
                                    .map(start -> Duration.between(start, recordedStart)
                                                    .abs()
                                                    .compareTo(START_TOLERANCE)
                                            <= 0)
                                    .orElse(true))
                    .isPresent();
        }

        @Override
        public Optional<String> commandLine(long pid) {
            return ProcessHandle.of(pid).flatMap(process -> process.info().commandLine());
        }

        @Override
        public boolean terminate(long pid) {
            return ProcessHandle.of(pid)
                    .map(process -> process.destroy() || !process.isAlive())
                    .orElse(true);
        }

        @Override
        public CompletableFuture<?> onExit(long pid) {
            return ProcessHandle.of(pid)
                    .map(ProcessHandle::onExit)
                    .orElseGet(() -> CompletableFuture.completedFuture(null));
        }
    }
}
