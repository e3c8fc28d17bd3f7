package io.instancelock.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Start-up wall time of lockctl commands beside a hello-world {@code java} on the same JDK, from
 * {@link ProcessBuilder#start()} to the process's exit.
 *
 * <p>The runs are interleaved: each round starts every command once, in an order that is reversed
 * every other round, so that load from elsewhere on the machine falls on all commands alike. Two
 * unmeasured rounds warm the page cache first. lockctl runs in a directory whose {@code locks/} (its
 * default lock directory) holds one account held by a child JVM:
 *
 * <ol>
 *   <li>{@code status} of a free account, and of the held one;
 *   <li>{@code list} of an empty lock directory ({@code --dir});
 *   <li>{@code run ACCOUNT -- true} on a free account.
 * </ol>
 */
final class StartupRun {

    static final String HELLO = "hello-world java";
    static final String STATUS_FREE = "`lockctl status ACCOUNT`, free account";
    static final String STATUS_HELD = "`lockctl status ACCOUNT`, held account";
    static final String LIST_EMPTY = "`lockctl list`, empty lock directory";
    static final String RUN_TRUE = "`lockctl run ACCOUNT -- true`";

    private static final String HELD = "500001";
    private static final String FREE = "500002";
    private static final String RUN = "500003";

    private final int rounds;

    StartupRun(int rounds) {
        this.rounds = rounds;
    }

    /** Wall times by command, the hello-world floor first; only it when no lockctl command was given. */
    record Result(Map<String, Latencies> times) {
        Latencies helloWorld() {
            return times.get(HELLO);
        }
    }

    Result run(Optional<String> lockctl) throws IOException, InterruptedException {
        Path dir = BenchDirs.fresh("startup");
        try {
            Map<String, List<String>> commands = new LinkedHashMap<>();
            commands.put(
                    HELLO,
                    List.of(
                            ChildJvm.javaCommand(),
                            "-cp",
                            helloWorldClassDir(dir).toString(),
                            HelloWorld.class.getName()));
            if (lockctl.isEmpty()) {
                return new Result(time(commands, dir));
            }
            List<String> command = Arrays.asList(lockctl.get().trim().split("\\s+"));
            Path locks = Files.createDirectories(dir.resolve("locks"));
            Path empty = Files.createDirectories(dir.resolve("empty"));
            commands.put(STATUS_FREE, with(command, "status", FREE));
            commands.put(STATUS_HELD, with(command, "status", HELD));
            commands.put(LIST_EMPTY, with(command, "--dir", empty.toString(), "list"));
            commands.put(RUN_TRUE, with(command, "run", RUN, "--", "true"));
            try (ChildJvm holder =
                    ChildJvm.start(LockChild.class, dir.resolve("holder.log"), "api", locks.toString())) {
                holder.ask("take " + HELD, "took");
                return new Result(time(commands, dir));
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

    private Map<String, Latencies> time(Map<String, List<String>> commands, Path dir)
            throws IOException, InterruptedException {
        List<String> names = new ArrayList<>(commands.keySet());
        Map<String, long[]> nanos = new LinkedHashMap<>();
        for (String name : names) {
            nanos.put(name, new long[rounds]);
        }
        System.out.println("start-up: " + rounds + " interleaved rounds of " + names.size() + " commands ...");
        for (int round = -2; round < rounds; round++) {
            List<String> order = new ArrayList<>(names);
            if ((round & 1) != 0) {
                java.util.Collections.reverse(order);
            }
            for (String name : order) {
                long took = timeOnce(name, commands.get(name), dir, round == -2);
                if (round >= 0) {
                    nanos.get(name)[round] = took;
                }
            }
        }
        Map<String, Latencies> times = new LinkedHashMap<>();
        nanos.forEach((name, measured) -> times.put(name, Latencies.of(measured)));
        return times;
    }

    private static long timeOnce(String name, List<String> command, Path dir, boolean show)
            throws IOException, InterruptedException {
        Path output = dir.resolve("output.txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(show ? ProcessBuilder.Redirect.to(output.toFile()) : ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("LOCKCTL_DIR"); // lockctl's default, ./locks, is the directory prepared here
        long started = System.nanoTime();
        int exit = builder.start().waitFor();
        long took = System.nanoTime() - started;
        if (show) {
            // Shown once, so that a command that fails instead of starting is seen at once.
            System.out.println("  " + name + ": " + String.join(" ", command) + "\n    exit " + exit + ": "
                    + String.join(" / ", Files.readAllLines(output)));
        }
        return took;
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
