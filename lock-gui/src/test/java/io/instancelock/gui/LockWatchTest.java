package io.instancelock.gui;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With a poll of an hour, only the watch itself can report these changes within the test's time. */
class LockWatchTest {

    private static final Duration NEVER = Duration.ofHours(1);

    @TempDir
    Path dir;

    private final AtomicInteger changes = new AtomicInteger();
    private LockWatch watch;

    @AfterEach
    void stop() {
        if (watch != null) {
            watch.close();
        }
    }

    @Test
    void aFileCreatedChangedOrRemovedInTheDirectoryIsReported() throws Exception {
        watch = LockWatch.start(dir, NEVER, changes::incrementAndGet, HolderProcesses.system());
        Path file = dir.resolve("account_1.lock");

        // The watch registers on its own thread: repeat the change until it has been seen once.
        await().atMost(Timing.CHANGE).pollInterval(Timing.POLL).until(() -> {
            Files.writeString(file, "{}");
            return changes.get() > 0;
        });
        int seen = changes.get();
        Files.delete(file);

        await().atMost(Timing.CHANGE).until(() -> changes.get() > seen);
    }

    @Test
    void theExitOfAWatchedProcessIsReported() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sleep")), "needs /bin/sleep as a process to watch");
        Process sleeper = new ProcessBuilder("/bin/sleep", "300").start();
        watch = LockWatch.start(null, NEVER, changes::incrementAndGet, HolderProcesses.system());
        watch.watchExits(List.of(sleeper.pid()));
        int before = changes.get();

        sleeper.destroyForcibly();

        await().atMost(Timing.CHANGE).until(() -> changes.get() > before);
    }
}
