package io.instancelock.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts child JVMs with this test JVM's java binary and class path. */
final class ChildJvm {

    /** What a finished child printed. */
    record ProcessResult(int exitCode, String stdOut, String stdErr) {}

    private ChildJvm() {}

    static List<String> command(List<String> jvmOptions, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(args);
        return command;
    }

    static ProcessResult run(Class<?> main, String... args) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command(List.of(), main, List.of(args))).start();
        process.getOutputStream().close();
        if (!process.waitFor(Timing.PROCESS_START.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not finish in " + Timing.PROCESS_START);
        }
        return new ProcessResult(
                process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** Kills a process and everything it started, and waits for them to go. */
    static void killTree(ProcessHandle process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process);
        all.forEach(ProcessHandle::destroyForcibly);
        all.forEach(p -> p.onExit().join());
    }
}
