package io.instancelock.fs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;

/** Test helpers around lock files. */
final class LockFiles {

    private LockFiles() {}

    /**
     * Reads a lock file from another process. Reading it from this JVM while this JVM holds its lock
     * would drop the lock: POSIX record locks go with any descriptor of the file being closed.
     */
    static String readFromAnotherProcess(Path file) throws IOException, InterruptedException {
        Process cat = new ProcessBuilder("cat", file.toString()).start();
        byte[] bytes = cat.getInputStream().readAllBytes();
        cat.waitFor();
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A record as the older launcher writes it: four fields, no OS lock. */
    static String olderLauncherRecord(String account, long pid, LocalDateTime createdAt) {
        return "{\"account_id\": \"" + account + "\", \"pid\": " + pid + ", \"created_at\": \"" + createdAt
                + "\", \"broker_username\": \"john_topstep\"}";
    }
}
