package io.instancelock.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM on this JVM's class path, driven by lines on its standard input and answering by lines
 * on its standard output (see {@link LockChild}). Its standard error goes to a log file, shown when it
 * misbehaves.
 */
final class ChildJvm implements AutoCloseable {

    /** How long any one answer may take before the benchmark gives up on the child. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    private static final String END = "\u0000end";

    private final Process process;
    private final Writer input;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final Path log;

    private ChildJvm(Process process, Path log) {
        this.process = process;
        this.log = log;
        this.input = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(this::readAnswers, "child-" + process.pid() + "-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code main} in a new JVM with this JVM's class path, and the JVM options in
     * {@code -Dbench.childJvmArgs} (space-separated; e.g. a profiler's, when diagnosing).
     */
    static ChildJvm start(Class<?> main, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of(
                javaCommand(),
                "-cp",
                System.getProperty("java.class.path"),
                "-D" + BenchDirs.PROPERTY + "=" + BenchDirs.base()));
        String extra = System.getProperty("bench.childJvmArgs", "").trim();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.add(main.getName());
        command.addAll(List.of(args));
        try {
            Process process =
                    new ProcessBuilder(command).redirectError(log.toFile()).start();
            return new ChildJvm(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    long pid() {
        return process.pid();
    }

    void send(String line) {
        try {
            input.write(line);
            input.write('\n');
            input.flush();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "child " + pid() + " stopped reading (" + e.getMessage() + ")" + logTail(), e);
        }
    }

    /** Sends a command and returns its answer, which must start with {@code expected}. */
    String ask(String command, String expected) {
        send(command);
        return await(expected);
    }

    /** The next answer, which must start with {@code expected}. */
    String await(String expected) {
        String answer;
        try {
            answer = answers.poll(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for child " + pid(), e);
        }
        if (answer == null) {
            throw new IllegalStateException("child " + pid() + " did not answer '" + expected + "' within "
                    + ANSWER_TIMEOUT.toSeconds() + " s" + logTail());
        }
        if (answer.equals(END) || !answer.startsWith(expected)) {
            throw new IllegalStateException("child " + pid() + " answered '"
                    + (answer.equals(END) ? "(it exited)" : answer) + "' instead of '" + expected + "'" + logTail());
        }
        return answer;
    }

    /** Sends SIGKILL (on Unix) without waiting. */
    void kill() {
        process.destroyForcibly();
    }

    void awaitExit() throws InterruptedException {
        if (!process.waitFor(ANSWER_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                send("quit");
            }
        } catch (IllegalStateException ignored) {
            // It is going away already.
        }
        try {
            awaitExit();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readAnswers() {
        try (BufferedReader output =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                answers.add(line);
            }
        } catch (IOException ignored) {
            // The child went away; END below tells the one waiting.
        }
        answers.add(END);
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty()
                    ? " (its log " + log + " is empty)"
                    : "; the end of its log " + log + ":\n  "
                            + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return " (no log at " + log + ")";
        }
    }
}
