package io.instancelock.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * What Linux's {@code /proc/locks} shows: used to start a hand-over only once the waiter is really
 * blocked in the kernel on the lock file (a line {@code N: -> POSIX ... MAJ:MIN:INODE ...}).
 *
 * <p>Looks only at the file's inode through {@code stat}, never opening the lock file, so it is safe
 * in a process that holds the lock.
 */
final class KernelLocks {

    private static final Path PROC_LOCKS = Path.of("/proc/locks");

    private KernelLocks() {}

    static long inodeOf(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS)).longValue();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stat " + file, e);
        }
    }

    /** Waits (polling every 20 µs) until a waiter is blocked on {@code inode}; false after {@code max}. */
    static boolean awaitBlockedWaiter(long inode, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!hasBlockedWaiter(inode)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(20));
        }
        return true;
    }

    static boolean hasBlockedWaiter(long inode) {
        String suffix = ":" + inode;
        for (String line : lines()) {
            if (!line.contains("->")) {
                continue;
            }
            for (String field : line.trim().split("\\s+")) {
                if (field.endsWith(suffix)
                        && field.chars().filter(c -> c == ':').count() == 2) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> lines() {
        try {
            return Files.readAllLines(PROC_LOCKS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PROC_LOCKS + " (the cross-process figures need Linux)", e);
        }
    }
}
