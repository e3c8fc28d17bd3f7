package io.instancelock.gui;

import io.instancelock.core.BotProcess;
import io.instancelock.core.LocalProcesses;
import io.instancelock.core.LockRecord;
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

    /** Through lock-core's rules for processes, the same that judge a lock and {@code lockctl stop} use. */
    enum Os implements HolderProcesses {
        INSTANCE;

        @Override
        public boolean holderRuns(LockRecord record) {
            return LocalProcesses.holder(record).isPresent();
        }

        @Override
        public boolean botRuns(BotProcess bot) {
            return LocalProcesses.botRuns(bot);
        }

        @Override
        public Optional<String> commandLine(long pid) {
            return ProcessHandle.of(pid).flatMap(process -> process.info().commandLine());
        }

        @Override
        public boolean terminateHolder(LockRecord record) {
            return LocalProcesses.holder(record)
                    .map(process -> LocalProcesses.signal(process, LocalProcesses.Signal.TERM) || !process.isAlive())
                    .orElse(true);
        }

        @Override
        public boolean terminateBot(BotProcess bot) {
            return LocalProcesses.signalBot(bot, LocalProcesses.Signal.TERM) || !LocalProcesses.botRuns(bot);
        }

        @Override
        public CompletableFuture<?> onExit(long pid) {
            return ProcessHandle.of(pid)
                    .map(ProcessHandle::onExit)
                    .orElseGet(() -> CompletableFuture.completedFuture(null));
        }
    }
}
