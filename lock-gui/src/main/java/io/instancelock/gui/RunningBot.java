package io.instancelock.gui;

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
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A bot child process: its output (stdout and stderr merged) goes line by line to a consumer, and its
 * standard input stays an open pipe for as long as this process lives, so a bot can tell that its
 * launcher is gone.
 */
final class RunningBot {

    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final Process process;
    private final CompletableFuture<Integer> exit;

    private RunningBot(Process process, CompletableFuture<Integer> exit) {
        this.process = process;
        this.exit = exit;
    }

    /**
     * Starts the command. The returned bot's {@link #exit()} completes once the process has exited
     * and all its output has been handed to {@code output}.
     *
     * @throws IOException when the program cannot be started (not found, not executable)
     */
    static RunningBot start(List<String> command, Consumer<String> output) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
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
        CompletableFuture<Integer> exit = process.onExit()
                .thenCompose(done -> drained.completeOnTimeout(null, OUTPUT_DRAIN.toMillis(), TimeUnit.MILLISECONDS)
                        .thenApply(ignored -> done.exitValue()));
        return new RunningBot(process, exit);
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

    ProcessHandle handle() {
        return process.toHandle();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Completes with the exit code once the process has exited and its output is drained. */
    CompletableFuture<Integer> exit() {
        return exit;
    }

    /**
     * Asks the bot and the processes it started to stop (SIGTERM on POSIX), kills those still running
     * after {@code grace}, and returns once the bot has exited.
     */
    void stop(Duration grace) {
        List<ProcessHandle> started = process.descendants().toList();
        long deadline = System.nanoTime() + grace.toNanos();
        process.destroy();
        started.forEach(ProcessHandle::destroy);
        try {
            if (!process.waitFor(remainingMillis(deadline), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            for (ProcessHandle child : started) {
                try {
                    child.onExit().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    child.destroyForcibly();
                }
            }
            process.waitFor();
            // Let the output pump finish so that the last lines are shown before the lock goes.
            exit.get(OUTPUT_DRAIN.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            started.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // The process has exited; only its last output may be missing.
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }
}
