package io.instancelock.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A test with child processes: a lock directory, a shared scratch directory, and children cleaned up after. */
abstract class ChildProcessTest {

    @TempDir
    Path work;

    /** The lock directory all processes of a test share. */
    Path lockDir;

    /** Scratch files shared by the processes of a test (section logs, markers). */
    Path shared;

    ChildJvms children;

    @BeforeEach
    void startWithAnEmptyLockDirectory() throws Exception {
        lockDir = Files.createDirectories(work.resolve("locks"));
        shared = Files.createDirectories(work.resolve("shared"));
        children = new ChildJvms(work.resolve("output"));
    }

    @AfterEach
    void stopEveryChild() {
        children.close();
    }

    /** The account lock files in the lock directory (its hidden guard file stays for good). */
    List<Path> lockFiles() throws IOException {
        return lockFiles(lockDir);
    }

    static List<Path> lockFiles(Path lockDir) throws IOException {
        try (Stream<Path> files = Files.list(lockDir)) {
            return files.filter(file -> !file.getFileName().toString().startsWith("."))
                    .toList();
        }
    }
}
