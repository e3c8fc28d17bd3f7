package io.instancelock.gui;

import io.instancelock.core.BotProcess;
import io.instancelock.core.LockException;
import io.instancelock.core.LockHandle;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** Runs the bot as a child process of the launcher and keeps the lock for exactly as long as it lives. */
final class ChildBotRunner implements BotRunner {

    private final Duration stopGrace;

    /** @param stopGrace how long {@link Run#stop()} waits for the bot after asking it, before killing it */
    ChildBotRunner(Duration stopGrace) {
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
    }

    @Override
    public Run start(LockHandle lock, List<String> command, Consumer<String> output) throws IOException {
        RunningBot bot = RunningBot.start(command, output);
        try {
            lock.recordBot(BotProcess.of(bot.handle()));
        } catch (RuntimeException e) {
            // Invariant: no bot trades without being named in the lock, so it goes before the caller releases.
            bot.stop(stopGrace);
            throw e;
        }
        CompletableFuture<End> end = bot.exit().handle((code, error) -> release(lock, code == null ? -1 : code));
        return new Run() {
            @Override
            public long pid() {
                return bot.pid();
            }

            @Override
            public void stop() {
                bot.stop(stopGrace);
            }

            @Override
            public CompletableFuture<End> end() {
                return end;
            }
        };
    }

    /** Reached only once the bot process has exited, so no bot ever trades unlocked. */
    private static End release(LockHandle lock, int exitCode) {
        try {
            lock.close();
            return new End(exitCode, null, null);
        } catch (LockException e) {
            return new End(exitCode, null, e.getMessage());
        }
    }
}
