package io.instancelock.gui;

import io.instancelock.core.BotSession;
import io.instancelock.core.LockHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A bot child process run under a lock through lock-core's {@link BotSession}: its output (stdout and
 * stderr merged) goes line by line to a consumer, and its standard input stays an open pipe for as
 * long as this process lives, so a bot can tell that its launcher is gone.
 */
final class RunningBot {

    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final BotSession session;
    private final CompletableFuture<BotSession.BotExit> exit;

    private RunningBot(BotSession session, CompletableFuture<BotSession.BotExit> exit) {
        this.session = session;
        this.exit = exit;
    }

    /**
     * Starts the command under the lock. The returned bot's {@link #exit()} completes once the bot and
     * what it started have exited, the lock has been released, and all output has been handed on.
     *
     * @throws IOException when the program cannot be started (not found, not executable)
     */
    static RunningBot start(LockHandle lock, List<String> command, Consumer<String> output, Duration stopGrace)
            throws IOException {
        BotSession session = BotSession.start(lock, new ProcessBuilder(command).redirectErrorStream(true), stopGrace);
        Process process = session.process();
        CompletableFuture<Void> drained = new CompletableFuture<>();
        Thread pump = new Thread(
                () -> {
                    try {
                        pump(process, output);
                    } finally {
                        drained.complete(null);
                    }
                },
                "bot-output-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        // A grandchild that inherited the output pipe may keep it open: wait for the drain briefly only.
        CompletableFuture<BotSession.BotExit> exit = session.exit()
                .thenCompose(done -> drained.completeOnTimeout(null, OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)
                        .thenApply(ignored -> done));
        return new RunningBot(session, exit);
    }

    private static void pump(Process process, Consumer<String> output) {
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), Charset.defaultCharset()))) {
            String line;
            while ((line = reader.readLine()) != null) {
                output.accept(line);
            }
        } catch (IOException | UncheckedIOException e) {
            // The stream closes when the process dies; nothing more to show.
        }
    }

    long pid() {
        return session.pid();
    }

    boolean isAlive() {
        return session.process().isAlive();
    }

    /** Completes once the bot has exited, the lock is released and its output is drained. */
    CompletableFuture<BotSession.BotExit> exit() {
        return exit;
    }

    /**
     * Asks the bot and the processes it started to stop (SIGTERM to its group), kills them after the
     * grace time, and returns once they have exited and the lock is released.
     */
    void stop() {
        session.stop();
        try {
            exit.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            // The session ended; only its last output may be missing.
        }
    }
}
