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

    /**
     * Waits until a waiter is blocked for an account: on its lock file (a bare waiter), or on the lock
     * directory's guard file (a lock-fs waiter blocks for the account's guard byte before it opens the
     * lock file). False after {@code max}.
     */
    static boolean awaitBlockedWaiterFor(Path lockFile, Duration max) {
        Path guard = lockFile.resolveSibling(".instance-lock");
        long[] inodes = Files.exists(guard, LinkOption.NOFOLLOW_LINKS)
                ? new long[] {inodeOf(lockFile), inodeOf(guard)}
                : new long[] {inodeOf(lockFile)};
        return awaitBlockedWaiter(inodes, max);
    }

    /** Waits (polling every 20 µs) until a waiter is blocked on one of {@code inodes}; false after {@code max}. */
    static boolean awaitBlockedWaiter(long[] inodes, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        while (!hasBlockedWaiter(inodes)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(20));
        }
        return true;
    }

    static boolean hasBlockedWaiter(long[] inodes) {
        for (String line : lines()) {
            if (!line.contains("->")) {
                continue;
            }
            for (String field : line.trim().split("\\s+")) {
                if (field.chars().filter(c -> c == ':').count() != 2) {
                    continue;
                }
                for (long inode : inodes) {
                    if (field.endsWith(":" + inode)) {
                        return true;
                    }
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
