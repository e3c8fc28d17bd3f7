package io.instancelock.fs;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A child JVM running {@link LockHolderMain}, driven line by line over its stdin and stdout. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final PrintWriter stdin;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdin = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the child is gone; the lines read so far stay
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    static ChildJvm start(String... args) throws IOException {
        return startWith(List.of(), args);
    }

    /** Starts a child with extra JVM options ({@code -Dname=value}). */
    static ChildJvm startWith(List<String> jvmOptions, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LockHolderMain.class.getName());
        command.addAll(List.of(args));
        return new ChildJvm(new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
    }

    /** Waits for a line starting with {@code prefix} and returns it. */
    String awaitLine(String prefix) {
        await().atMost(Timing.CHILD).until(() -> find(prefix) != null);
        return find(prefix);
    }

    String output() {
        return String.join("\n", lines);
    }

    private String find(String prefix) {
        return lines.stream()
                .filter(line -> line.startsWith(prefix))
                .findFirst()
                .orElse(null);
    }

    void send(String command) {
        stdin.println(command);
    }

    long pid() {
        return process.pid();
    }

    void killHard() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(Timing.CHILD.toSeconds(), TimeUnit.SECONDS);
    }

    int awaitExit() throws InterruptedException {
        if (!process.waitFor(Timing.CHILD.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("child did not exit; output so far:\n" + output());
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            killHard();
        }
    }
}
