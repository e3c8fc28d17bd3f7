package io.instancelock.it;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
