package io.instancelock.gui;

import io.instancelock.core.BotProcess;
import io.instancelock.core.LockRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the launcher asks the OS about the processes a lock record names on this computer: its holder
 * and its bot. An interface, so that where-it-runs can be tested with any answers.
 */
public interface HolderProcesses {

    /** Whether the record's holder still runs (a reused pid does not count). */
    boolean holderRuns(LockRecord record);

    /** Whether the recorded bot still runs (a reused pid does not count). */
    boolean botRuns(BotProcess bot);

    /** A process's command line, when the OS tells (it may not for another user's processes). */
    Optional<String> commandLine(long pid);

    /** Asks the record's holder to terminate (SIGTERM on POSIX); {@code false} when it may not be signalled. */
    boolean terminateHolder(LockRecord record);

    /** Asks the bot to terminate (SIGTERM on POSIX); {@code false} when it may not be signalled. */
    boolean terminateBot(BotProcess bot);

    /** Completes once the process has exited; at once when it is not running. */
    CompletableFuture<?> onExit(long pid);

    /** The real processes of this computer. */
    static HolderProcesses system() {
        return Os.INSTANCE;
    }

    /** Through {@link ProcessHandle}. */
    enum Os implements HolderProcesses {
        INSTANCE;

        /** Start times from different sources (and /proc's boot time) may differ by about a second. */
        private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

        @Override
        public boolean holderRuns(LockRecord record) {
            return live(record.pid(), record.processStartedAt()).isPresent();
        }

        @Override
        public boolean botRuns(BotProcess bot) {
            return live(bot.pid(), bot.startedAt()).isPresent();
        }

        @Override
        public Optional<String> commandLine(long pid) {
            return ProcessHandle.of(pid).flatMap(process -> process.info().commandLine());
        }

        @Override
        public boolean terminateHolder(LockRecord record) {
            return terminate(live(record.pid(), record.processStartedAt()));
        }

        @Override
        public boolean terminateBot(BotProcess bot) {
            return terminate(live(bot.pid(), bot.startedAt()));
        }

        @Override
        public CompletableFuture<?> onExit(long pid) {
            return ProcessHandle.of(pid)
                    .map(ProcessHandle::onExit)
                    .orElseGet(() -> CompletableFuture.completedFuture(null));
        }

        private static boolean terminate(Optional<ProcessHandle> process) {
            return process.map(p -> p.destroy() || !p.isAlive()).orElse(true);
        }

        private static Optional<ProcessHandle> live(long pid, Instant recordedStart) {
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> recordedStart == null
                            || process.info()
                                    .startInstant()
                                    .map(start -> Duration.between(start, recordedStart)
                                                    .abs()
                                                    .compareTo(START_TOLERANCE)
                                            <= 0)
                                    .orElse(true));
        }
    }
}
