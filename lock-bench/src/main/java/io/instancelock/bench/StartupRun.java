package io.instancelock.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Start-up wall time of {@code lockctl status ACCOUNT} beside a hello-world {@code java} on the same
 * machine: from {@link ProcessBuilder#start()} to the process's exit, after two unmeasured runs each
 * (to warm the page cache). lockctl runs in a directory whose {@code locks/} (its default lock
 * directory) holds one account held by a child JVM; it is asked about that one and about a free one.
 */
final class StartupRun {

    private static final String HELD = "500001";
    private static final String FREE = "500002";

    private final int runs;

    StartupRun(int runs) {
        this.runs = runs;
    }

    /** Hello-world times, and lockctl's (held and free account) when a lockctl command was given (else null). */
    record Result(Latencies helloWorld, Latencies lockctlHeld, Latencies lockctlFree) {}

    Result run(Optional<String> lockctl) throws IOException, InterruptedException {
        Path dir = BenchDirs.fresh("startup");
        try {
            Path classes = helloWorldClassDir(dir);
            Latencies hello =
                    time(List.of(ChildJvm.javaCommand(), "-cp", classes.toString(), HelloWorld.class.getName()), dir);
            if (lockctl.isEmpty()) {
                return new Result(hello, null, null);
            }
            List<String> command = Arrays.asList(lockctl.get().trim().split("\\s+"));
            Path locks = Files.createDirectories(dir.resolve("locks"));
            try (ChildJvm holder =
                    ChildJvm.start(LockChild.class, dir.resolve("holder.log"), "api", locks.toString())) {
                holder.ask("take " + HELD, "took");
                Latencies held = time(with(command, "status", HELD), dir);
                Latencies free = time(with(command, "status", FREE), dir);
                return new Result(hello, held, free);
            }
        } finally {
            BenchDirs.delete(dir);
        }
    }

    private static List<String> with(List<String> command, String... args) {
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of(args));
        return full;
    }

    private Latencies time(List<String> command, Path dir) throws IOException, InterruptedException {
        System.out.println("start-up: " + String.join(" ", command));
        Path output = dir.resolve("output.txt");
        long[] nanos = new long[runs];
        for (int run = -2; run < runs; run++) {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(
                            run == -2 ? ProcessBuilder.Redirect.to(output.toFile()) : ProcessBuilder.Redirect.DISCARD);
            builder.environment().remove("LOCKCTL_DIR"); // lockctl's default, ./locks, is the directory prepared here
            long started = System.nanoTime();
            int exit = builder.start().waitFor();
            long took = System.nanoTime() - started;
            if (run == -2) {
                // Shown once, so that a command that fails instead of starting is seen at once.
                System.out.println("  exit " + exit + ": " + String.join(" / ", Files.readAllLines(output)));
            }
            if (run >= 0) {
                nanos[run] = took;
            }
        }
        return Latencies.of(nanos);
    }

    /** A class directory holding only {@link HelloWorld}, so that its JVM opens no jar. */
    private static Path helloWorldClassDir(Path dir) throws IOException {
        String resource = HelloWorld.class.getName().replace('.', '/') + ".class";
        Path target = dir.resolve("hello").resolve(resource);
        Files.createDirectories(target.getParent());
        try (InputStream in = HelloWorld.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new UncheckedIOException(new IOException("cannot find " + resource + " on the class path"));
            }
            Files.copy(in, target);
        }
        return dir.resolve("hello");
    }
}
