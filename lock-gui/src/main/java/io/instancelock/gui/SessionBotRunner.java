package io.instancelock.gui;

import io.instancelock.core.BotSession;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockLoss;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Runs the bot through lock-core's {@link BotSession}: its whole process group is recorded in the lock
 * before it runs, stopped when the lock is lost, and the lock is released only after it has exited.
 */
final class SessionBotRunner implements BotRunner {

    private final Duration stopGrace;

    /** @param stopGrace how long a bot asked to stop (or stopped on a loss) may take before it is killed */
    SessionBotRunner(Duration stopGrace) {
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
    }

    @Override
    public Run start(LockHandle lock, List<String> command, Consumer<String> output) throws IOException {
        RunningBot bot = RunningBot.start(lock, command, output, stopGrace);
        CompletableFuture<End> end = bot.exit()
                .thenApply(exit -> new End(
                        exit.exitCode(), exit.loss().map(LockLoss::reason).orElse(null), null));
        return new Run() {
            @Override
            public long pid() {
                return bot.pid();
            }

            @Override
            public void stop() {
                bot.stop();
            }

            @Override
            public CompletableFuture<End> end() {
                return end;
            }
        };
    }
}
