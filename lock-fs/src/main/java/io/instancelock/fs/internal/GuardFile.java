package io.instancelock.fs.internal;

import io.instancelock.core.LockException;
import io.instancelock.fs.LockFileNames;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A lock directory's guard file, {@value LockFileNames#GUARD_FILE}: every holder of an account also
 * holds an exclusive OS lock on one byte of it, at {@link GuardOffsets#of an offset derived from the
 * account id}, taken before the account's lock file is opened. A lock file a user deletes or replaces
 * therefore lets nobody in: the next acquirer finds the guard byte taken.
 *
 * <p>One instance per guard file per JVM (see {@link GuardFiles}), opened once and closed only when no
 * lock of this JVM is on it any more: POSIX drops all of a process's locks on a file when <em>any</em>
 * of its descriptors of that file is closed. Only lock and unlock operations are used on the channel,
 * which an interrupted thread cannot abort ({@code tryLock} and {@code release} are not interruptible;
 * the blocking {@code lock} runs only on the library's own waiter threads, which nobody interrupts; on
 * Linux a caller waits through a second descriptor instead, see {@link NativeWait}).
 *
 * <p>Invariant, enforced under this object's monitor: for each offset, this JVM has at most one use
 * (held, or waited for in the kernel) at a time, and every lock call on the channel is made for an
 * offset registered here, or for the mark byte of a {@link #snapshot()}, which is never an account's;
 * so the JVM's own lock table never sees two overlapping requests, and an observer never probes an
 * offset this JVM holds or waits for.
 */
final class GuardFile {

    /** What this JVM does with one offset of the guard. */
    enum Use {
        /** A claimant of this JVM holds the byte. */
        HELD,
        /** A waiter of this JVM is blocked in the kernel for the byte. */
        WAITING
    }

    private final Path path;
    private final FileChannel channel;
    private final Object identity;
    private final Map<Long, Use> uses = new HashMap<>();
    /** A second descriptor for waits in the caller's thread ({@link NativeWait}): -2 until tried, -1 none. */
    private int waitDescriptor = -2;
    /** Whether {@link #snapshot()} can read a complete snapshot of this file; null until asked. */
    private Boolean snapshots;
    /** Probes of other processes' bytes so far (see {@link #probe}). */
    private int probes;

    /**
     * How many probes take a shared lock before the rest ask the kernel instead (Linux). Asking needs
     * JNA, whose loading would cost a command that looks at a few accounts more than it saves.
     */
    static final int PROBES_BEFORE_ASKING = 64;

    private GuardFile(Path path, FileChannel channel, Object identity) {
        this.path = path;
        this.channel = channel;
        this.identity = identity;
    }

    /**
     * Opens the directory's guard file, creating it when missing.
     *
     * @throws LockException when it cannot be created or opened
     */
    static GuardFile open(Path directory) {
        Path path = directory.resolve(LockFileNames.GUARD_FILE);
        try {
            FileChannel channel;
            try {
                channel = FileChannel.open(
                        path,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.AccessDeniedException e) {
                // A lock directory this user may only read: looking (shared locks) still works.
                channel = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
            }
            BasicFileAttributes attributes = LockFileIo.attributes(path);
            Object identity = attributes == null ? null : attributes.fileKey();
            return new GuardFile(path, channel, identity);
        } catch (IOException e) {
            throw new LockException(
                    "cannot open the guard file " + path + " (" + IoProblems.describe(e)
                            + "): make the lock directory writable for this user, and remove"
                            + " whatever is in the guard file's place",
                    e);
        }
    }

    Path path() {
        return path;
    }

    /** Whether the path still names the file this guard has open (it was not deleted or replaced). */
    boolean isCurrent() {
        try {
            BasicFileAttributes now = LockFileIo.attributes(path);
            return now != null && now.isRegularFile() && identity != null && Objects.equals(identity, now.fileKey());
        } catch (LockException e) {
            return false;
        }
    }

    /** Takes the byte at {@code offset} now, or returns null when this JVM or another process has it. */
    synchronized FileLock tryLock(long offset) {
        if (uses.containsKey(offset)) {
            return null;
        }
        FileLock lock = lockNow(offset, false);
        if (lock != null) {
            uses.put(offset, Use.HELD);
        }
        return lock;
    }

    /**
     * Whether another process holds the byte: a shared lock taken for an instant, or, past the first
     * {@link #PROBES_BEFORE_ASKING} probes on Linux, the kernel asked ({@code F_GETLK}) without taking
     * anything. The kernel keeps all of a file's locks in one list, and every account's byte is on this
     * one file: with 3,333 bytes held by another process, a shared lock and its release (two walks of
     * that list, and a change to it) cost 6,666 probes 289 ms, the question (one walk) 92 ms. A byte
     * this JVM holds or waits for is answered from this JVM's own record, never probed; any other byte
     * from {@code snapshot} when there is one (a list's reading of this guard, {@link #snapshot()}).
     */
    synchronized Probe probe(long offset, GuardSnapshot snapshot) {
        Use use = uses.get(offset);
        if (use == Use.HELD) {
            return Probe.HELD_HERE;
        }
        if (use == Use.WAITING) {
            return Probe.HELD_ELSEWHERE;
        }
        if (snapshot != null) {
            return snapshot.heldElsewhere(offset) ? Probe.HELD_ELSEWHERE : Probe.FREE;
        }
        if (++probes > PROBES_BEFORE_ASKING) {
            Boolean held = askKernel(offset);
            if (held != null) {
                return held ? Probe.HELD_ELSEWHERE : Probe.FREE;
            }
        }
        FileLock shared = lockNow(offset, true);
        if (shared == null) {
            return Probe.HELD_ELSEWHERE;
        }
        unlock(shared);
        return Probe.FREE;
    }

    /**
     * Which bytes of this guard other processes hold now, from one reading of {@code /proc/locks}; null
     * where that reading would not be complete ({@link GuardSnapshot#usable}) or cannot be placed.
     *
     * <p>Invariant: the mark byte is locked only here, under this object's monitor and the one lock of
     * all snapshots of this JVM, and is never an account's byte; so the JVM's lock table never sees it
     * twice, no claim ever meets it, and a reading holds exactly one mark of this process.
     */
    synchronized GuardSnapshot snapshot() {
        if (snapshots == null) {
            // Asked once: an open file stays on its file system, and a process stays in its pid namespace.
            snapshots = GuardSnapshot.usable(path.getParent());
        }
        if (!snapshots) {
            return null;
        }
        synchronized (GuardSnapshot.class) {
            FileLock mark;
            try {
                mark = lockNow(GuardSnapshot.MARK_OFFSET, true);
            } catch (LockException e) {
                return null; // the probes that answer instead will say what is wrong
            }
            if (mark == null) {
                return null;
            }
            try {
                return GuardSnapshot.parse(
                        GuardSnapshot.readProcLocks(), ProcessHandle.current().pid());
            } catch (IOException e) {
                return null;
            } finally {
                unlock(mark);
            }
        }
    }

    /** Whether another process holds the byte, asked through the wait descriptor; null when that cannot be asked. */
    private Boolean askKernel(long offset) {
        int descriptor = waitDescriptor();
        return descriptor < 0 ? null : NativeWait.heldElsewhere(descriptor, offset);
    }

    /** What a probe of one byte found. */
    enum Probe {
        FREE,
        HELD_HERE,
        HELD_ELSEWHERE
    }

    /**
     * Whether the byte is taken only by observers' shared looks right now, so that an exclusive attempt
     * that failed is worth repeating at once.
     */
    synchronized boolean onlyLookedAt(long offset) {
        if (uses.containsKey(offset)) {
            return false;
        }
        FileLock shared = lockNow(offset, true);
        if (shared == null) {
            return false;
        }
        unlock(shared);
        return true;
    }

    /** Registers a kernel wait for the byte; false when this JVM already holds or waits for it. */
    synchronized boolean startWaiting(long offset) {
        return uses.putIfAbsent(offset, Use.WAITING) == null;
    }

    /** Whether this JVM has a kernel wait for the byte in progress. */
    synchronized boolean isWaiting(long offset) {
        return uses.get(offset) == Use.WAITING;
    }

    /** Blocks in the kernel until the byte is taken; only a registered waiter thread calls this. */
    FileLock lockBlocking(long offset) throws IOException {
        return channel.lock(offset, 1, false);
    }

    /**
     * The descriptor through which a caller's thread waits for a byte ({@link NativeWait}), opened on
     * first use; -1 when there is none or {@link NativeWait} is unavailable (waits then use a waiter
     * thread).
     */
    synchronized int waitDescriptor() {
        if (!NativeWait.available()) {
            return -1;
        }
        if (waitDescriptor == -2) {
            waitDescriptor = NativeWait.openGuard(path, identity);
        }
        return waitDescriptor;
    }

    /**
     * A wait through {@link #waitDescriptor()} took the byte: the channel takes it over (the kernel
     * grants it at once, the process already holding it), so it is released like any other.
     */
    synchronized FileLock takeOverWaited(long offset) {
        FileLock lock = null;
        try {
            lock = lockNow(offset, false);
            if (lock == null) {
                throw new LockException("cannot take over a lock of " + path + " that this process was granted");
            }
        } finally {
            if (lock == null) {
                NativeWait.unlock(waitDescriptor, offset);
                uses.remove(offset, Use.WAITING);
            }
        }
        uses.put(offset, Use.HELD);
        return lock;
    }

    /** A kernel wait ended with the byte taken: it is now held. */
    synchronized void waited(long offset) {
        uses.put(offset, Use.HELD);
    }

    /** A kernel wait ended without the byte (failed), or its lock was let go unused. */
    synchronized void stopWaiting(long offset) {
        uses.remove(offset, Use.WAITING);
    }

    /** Lets a held byte go. */
    synchronized void release(FileLock lock) {
        uses.remove(lock.position());
        unlock(lock);
    }

    /** Whether this JVM holds or waits for any byte of this guard. */
    synchronized boolean inUse() {
        return !uses.isEmpty();
    }

    /** Closes the channel; only when nothing of this JVM is on it any more. */
    synchronized void closeIfUnused() {
        if (uses.isEmpty()) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing of ours is locked through it.
            }
            if (waitDescriptor >= 0) {
                NativeWait.close(waitDescriptor);
                waitDescriptor = -1;
            }
        }
    }

    private FileLock lockNow(long offset, boolean shared) {
        try {
            return channel.tryLock(offset, 1, shared);
        } catch (OverlappingFileLockException e) {
            // Another channel of this JVM on the same file (a second path to it): count it as taken.
            return null;
        } catch (java.nio.channels.NonWritableChannelException e) {
            throw new LockException("cannot take a lock in " + path.getParent()
                    + ": the lock directory is not writable for this user. Make it writable, or choose another");
        } catch (IOException e) {
            throw new LockException(
                    "cannot lock the guard file " + path + ": " + e.getMessage()
                            + ". The file system may not support locks (run lockctl doctor)",
                    e);
        }
    }

    private static void unlock(FileLock lock) {
        try {
            lock.release();
        } catch (IOException ignored) {
            // The channel is closed only when unused; a failed unlock leaves nothing of ours held.
        }
    }

    /** Whether the guard's file is in the lock directory that {@code directory} names now. */
    static boolean exists(Path directory) {
        return Files.exists(directory.resolve(LockFileNames.GUARD_FILE), LinkOption.NOFOLLOW_LINKS);
    }
}
