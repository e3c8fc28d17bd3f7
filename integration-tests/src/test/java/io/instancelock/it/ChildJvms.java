package io.instancelock.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts main classes of the test sources as child JVMs, with this JVM's java binary and class path;
 * each child's output goes to files in {@code outputDir}. Closing kills whatever is still running.
 */
final class ChildJvms implements AutoCloseable {

    /** Small, quick-starting children: the machine has two cores shared by a dozen JVMs. */
    private static final List<String> JVM_OPTIONS =
            List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx64m");

    private final Path outputDir;
    private final List<Child> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger sequence = new AtomicInteger();

    ChildJvms(Path outputDir) {
        this.outputDir = outputDir;
    }

    /** Starts {@code main} with {@code args} (each turned into a string). */
    Child start(Class<?> main, Object... args) {
        return start(java.util.Map.of(), main, args);
    }

    /** As {@link #start(Class, Object...)}, with these variables added to the child's environment. */
    Child start(java.util.Map<String, String> environment, Class<?> main, Object... args) {
        String name = main.getSimpleName() + "-" + sequence.incrementAndGet();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(JVM_OPTIONS);
        command.add("-Dit.timeout.factor=" + Timing.factor());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        for (Object arg : args) {
            command.add(String.valueOf(arg));
        }
        Path out = outputDir.resolve(name + ".out");
        Path err = outputDir.resolve(name + ".err");
        try {
            Files.createDirectories(outputDir);
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            Child child = new Child(name, process, out, err);
            started.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start child JVM " + command, e);
        }
    }

    /** Starts a command that is not a JVM, e.g. {@code sleep 60}, with its output discarded. */
    Process startCommand(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            started.add(new Child(command[0], process, null, null));
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * Starts a command that is not a JVM of ours (e.g. a shell loop around {@code bin/lockctl}), its
     * output going to files like a child JVM's, with {@code JAVA_HOME} set to this JVM's home.
     */
    Child startTool(String name, List<String> command) {
        String fullName = name + "-" + sequence.incrementAndGet();
        Path out = outputDir.resolve(fullName + ".out");
        Path err = outputDir.resolve(fullName + ".err");
        try {
            Files.createDirectories(outputDir);
            ProcessBuilder builder =
                    new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment()
                    .put(
                            "JAVA_HOME",
                            Path.of(javaBinary()).getParent().getParent().toString());
            Child child = new Child(fullName, builder.start(), out, err);
            started.add(child);
            return child;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** Runs {@code main} to its end (its standard input closed at once) and returns what it left. */
    ProcessResult run(Class<?> main, Object... args) {
        Child child = start(main, args);
        child.stop();
        return child.awaitExit(Timing.CHILD_STOP);
    }

    /** Kills every child still running and waits for it to be gone. */
    @Override
    public void close() {
        for (Child child : started) {
            child.kill();
        }
        for (Child child : started) {
            child.awaitDeath();
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElseThrow(() -> new IllegalStateException("the OS does not say which java binary runs this JVM"));
    }
}
