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

    /** The inodes that hold a POSIX (or OFD) lock right now, from Linux's /proc/locks. */
    static java.util.Set<Long> osLockedInodes() throws IOException {
        java.util.Set<Long> inodes = new java.util.HashSet<>();
        for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/locks"))) {
            // e.g. "1: POSIX  ADVISORY  WRITE 4242 08:01:1234567 9223372036854775806 9223372036854775806"
            String[] fields = line.trim().split("\\s+");
            for (String field : fields) {
                if (field.matches("[0-9a-f]+:[0-9a-f]+:[0-9]+")) {
                    inodes.add(Long.parseLong(field.substring(field.lastIndexOf(':') + 1)));
                }
            }
        }
        return inodes;
    }

    /** A record as the older launcher writes it: four fields, no OS lock. */
    static String olderLauncherRecord(String account, long pid, LocalDateTime createdAt) {
        return "{\"account_id\": \"" + account + "\", \"pid\": " + pid + ", \"created_at\": \"" + createdAt
                + "\", \"broker_username\": \"john_topstep\"}";
    }
}
