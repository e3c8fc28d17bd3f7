package io.instancelock.gui;

import io.instancelock.core.LockHandle;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs a bot under a lock the launcher has taken: the one place that knows the bot's lifecycle
 * (record the bot in the lock before it trades, release the lock only after the bot has exited,
 * stop the bot when the lock is lost). The presenter only takes the lock and shows what happens.
 */
interface BotRunner {

    /**
     * Starts {@code command} under {@code lock}; its output (stdout and stderr merged) goes to
     * {@code output} line by line. From then on the run owns the lock and releases it after the bot.
     *
     * @throws IOException when the program cannot be started; the caller still holds the lock
     * @throws io.instancelock.core.LockException when the bot cannot be recorded in the lock; the bot
     *     has been stopped and the caller still holds the lock
     */
    Run start(LockHandle lock, List<String> command, Consumer<String> output) throws IOException;

    /** One bot run. */
    interface Run {

        /** The bot's process id. */
        long pid();

        /** Asks the bot to end, kills it after the grace time, and returns once it has exited. */
        void stop();

        /** Completes once the bot has exited and the lock is released (or releasing it failed). */
        CompletableFuture<End> end();
    }

    /**
     * How a run ended.
     *
     * @param exitCode the bot's exit code, {@code -1} when unknown
     * @param lockLoss why the lock was lost while the bot ran (so the bot was stopped), or {@code null}
     * @param releaseProblem why releasing the lock failed, or {@code null}
     */
    record End(int exitCode, String lockLoss, String releaseProblem) {}
}
