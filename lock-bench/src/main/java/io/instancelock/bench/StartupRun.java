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
 * (to warm the page cache).
 */
final class StartupRun {

    private static final String ACCOUNT = "500001";

    private final int runs;

    StartupRun(int runs) {
        this.runs = runs;
    }

    /** Hello-world times, and lockctl's when a lockctl command was given (else null). */
    record Result(Latencies helloWorld, Latencies lockctl) {}

    Result run(Optional<String> lockctl) throws IOException, InterruptedException {
        Path dir = BenchDirs.fresh("startup");
        try {
            Path classes = helloWorldClassDir(dir);
            Latencies hello = time(List.of(ChildJvm.javaCommand(), "-cp", classes.toString(),
                    HelloWorld.class.getName()), dir);
            Latencies status = null;
            if (lockctl.isPresent()) {
                List<String> command = new ArrayList<>(Arrays.asList(lockctl.get().trim().split("\\s+")));
                command.addAll(List.of("status", ACCOUNT));
                status = time(command, dir);
            }
            return new Result(hello, status);
        } finally {
            BenchDirs.delete(dir);
        }
    }

    private Latencies time(List<String> command, Path dir) throws IOException, InterruptedException {
        System.out.println("start-up: " + String.join(" ", command));
        long[] nanos = new long[runs];
        for (int run = -2; run < runs; run++) {
            long started = System.nanoTime();
            Process process = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            process.waitFor();
            long took = System.nanoTime() - started;
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
