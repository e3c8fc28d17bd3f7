package io.instancelock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where benchmark lock directories are made: under {@code -Dbench.dir}, else under the system's temp
 * directory. Each benchmark gets a fresh directory of its own and removes it when done.
 */
final class BenchDirs {

    static final String PROPERTY = "bench.dir";

    private BenchDirs() {}

    static Path base() {
        String configured = System.getProperty(PROPERTY);
        Path base = Path.of(configured != null ? configured : System.getProperty("java.io.tmpdir"));
        try {
            return Files.createDirectories(base).toAbsolutePath().normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot create benchmark directory " + base + ": pass a writable one with -D" + PROPERTY + "=DIR",
                    e);
        }
    }

    static Path fresh(String name) {
        try {
            return Files.createTempDirectory(base(), name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a directory under " + base(), e);
        }
    }

    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not remove " + dir + ": " + e.getMessage());
        }
    }
}
