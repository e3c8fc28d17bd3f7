package io.instancelock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Runs {@code bin/lockctl} (and so the built jar) as real processes on one lock directory. */
final class LockctlProcesses {

    /** The launcher script, found from the module directory the tests run in. */
    static final Path LAUNCHER =
            Path.of("..", "bin", "lockctl").toAbsolutePath().normalize();

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path lockDirectory;
    private final Path outputDirectory;
    private final AtomicInteger started = new AtomicInteger();

    /** What a finished process left. */
    record ProcessResult(int exitCode, String stdOut, String stdErr) {}

    /** A running process whose output goes to files. */
    record Started(Process process, Path stdOut, Path stdErr) {
        ProcessResult awaitExit() {
            try {
                if (!process.waitFor(Timing.PROCESS.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("process did not exit within " + Timing.PROCESS);
                }
                return new ProcessResult(process.exitValue(), Files.readString(stdOut), Files.readString(stdErr));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    LockctlProcesses(Path lockDirectory, Path outputDirectory) {
        this.lockDirectory = lockDirectory;
        this.outputDirectory = outputDirectory;
    }

    /** Runs {@code lockctl --dir DIR ARGS} to its end. */
    ProcessResult run(String... args) {
        return start(args).awaitExit();
    }

    /** Starts {@code lockctl --dir DIR ARGS}. */
    Started start(String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "--dir", lockDirectory.toString()));
        command.addAll(List.of(args));
        return startIn(Path.of("").toAbsolutePath(), command);
    }

    /** Starts {@code lockctl --dir DIR ARGS} with extra environment variables (TZ, LOCKCTL_JAVA_OPTS...). */
    Started startWith(Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "--dir", lockDirectory.toString()));
        command.addAll(List.of(args));
        return startIn(Path.of("").toAbsolutePath(), command, environment);
    }

    /** Starts any command in a working directory, without lockctl's environment variables. */
    Started startIn(Path workingDirectory, List<String> command) {
        return startIn(workingDirectory, command, Map.of());
    }

    /**
     * Starts any command in a working directory with these environment variables, and none of
     * lockctl's else. {@code JAVA_HOME} is this JVM's, so that lockctl runs on the JDK that built it
     * and uses the start-up archive the build made for it.
     */
    Started startIn(Path workingDirectory, List<String> command, Map<String, String> environment) {
        int n = started.incrementAndGet();
        Path out = outputDirectory.resolve(n + ".out");
        Path err = outputDirectory.resolve(n + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        builder.environment().remove(Lockctl.DIR_VARIABLE);
        builder.environment().remove("LOCKCTL_JAVA_OPTS");
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new Started(process, out, err);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code lockctl list --json}, parsed. */
    JsonNode list() {
        ProcessResult result = run("list", "--json");
        if (result.exitCode() != 0) {
            throw new AssertionError("list failed: " + result);
        }
        try {
            return JSON.readTree(result.stdOut().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("list --json printed no JSON: " + result, e);
        }
    }

    /** The bot pid recorded for an account once its command runs, or null. */
    Long botPid(String account) {
        for (JsonNode row : list()) {
            if (row.get("account_id").asText().equals(account)
                    && row.get("state").asText().equals("held")
                    && row.get("bot_pid").canConvertToLong()) {
                return row.get("bot_pid").asLong();
            }
        }
        return null;
    }
}
