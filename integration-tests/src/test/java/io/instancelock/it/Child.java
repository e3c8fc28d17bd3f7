package io.instancelock.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * A running child process. Its standard input is its control channel: a line (e.g. {@code go}) is a
 * command, and the end of input asks it to finish what it is doing and exit.
 */
final class Child {

    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    Child(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Sends one command line. */
    void send(String line) {
        try {
            OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send '" + line + "' to " + this + "\n" + output(), e);
        }
    }

    /** Closes the child's standard input: it finishes what it is doing, releases and exits. */
    void stop() {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // A child that is already gone has nothing left to stop.
        }
    }

    /** SIGKILL on Linux: no shutdown hook, no release, no clean-up of any kind. */
    void kill() {
        process.destroyForcibly();
    }

    /** Waits until the killed process is gone from the process table (reaped). */
    void awaitDeath() {
        try {
            if (!process.waitFor(Timing.CHILD_STOP.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(this + " is still alive " + Timing.CHILD_STOP + " after it was killed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + this + " to die", e);
        }
    }

    String stdOut() {
        return read(out);
    }

    String stdErr() {
        return read(err);
    }

    /** The first line of standard output that starts with {@code prefix}, if it has been printed. */
    Optional<String> line(String prefix) {
        return stdOut().lines().filter(line -> line.startsWith(prefix)).findFirst();
    }

    /** Waits for a line starting with {@code prefix}; fails at once, with the output, if the child exits first. */
    String awaitLine(String prefix, Duration atMost) {
        try {
            Timing.waitAtMost(atMost)
                    .failFast(
                            this + " exited before printing '" + prefix + "'",
                            () -> !process.isAlive() && line(prefix).isEmpty())
                    .until(() -> line(prefix).isPresent());
        } catch (ConditionTimeoutException | TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "\n" + output(), e);
        }
        return line(prefix).orElseThrow();
    }

    /** Waits for the child to exit on its own and returns what it left. */
    ProcessResult awaitExit(Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(this + " did not exit within " + atMost + "\n" + output());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + this, e);
        }
        return new ProcessResult(process.exitValue(), stdOut(), stdErr());
    }

    /** Everything printed so far, for assertion messages. */
    String output() {
        return "--- " + this + " stdout ---\n" + stdOut() + "--- " + this + " stderr ---\n" + stdErr();
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }

    private static String read(Path file) {
        if (file == null) {
            return "";
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
