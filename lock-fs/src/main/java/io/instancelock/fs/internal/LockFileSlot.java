package io.instancelock.fs.internal;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.LockRecord;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.System.Logger.Level;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A lock file whose OS lock this JVM holds, with its account's guard byte.
 *
 * <p>While held and watched, {@link #check()} runs every {@link Watchdog#INTERVAL}: it brings back
 * what a user or a sync tool removed (the lock directory, the guard file, the lock file) and takes
 * back a lock file replaced by a copy, all under the locks still held; a lock file that another
 * process has locked meanwhile, or a live holder's record written in its place, is a loss.
 *
 * <p>Every field below is read and written under the key's guard ({@link OpenLockFiles}).
 */
final class LockFileSlot implements Slot {

    /**
     * Made on first use: {@code System.getLogger} starts the logging back-end at once, which costs a
     * command-line tool milliseconds on every lock it takes, though it rarely logs anything.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(LockFileSlot.class.getName());
    }

    /** How many more looks a loss waits for the taker's record, to name it (a cold JVM writes it late). */
    private static final int RECORD_LOOKS = 3;

    /** A byte of a guard file that this slot holds. */
    private record GuardHold(GuardFile guard, FileLock lock) {}

    private final FileLockBackend backend;
    private final AccountId account;
    private final Path file;
    private final Path key;
    private final long offset;
    private final boolean created;
    private final ReentrantLock guard;
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private final List<GuardHold> guardHolds = new ArrayList<>();
    private RandomAccessFile open;
    private FileLock fileLock;
    private Object identity;
    /** What the file holds as far as this slot knows (read when claimed, or written since); null after a failed write. */
    private byte[] bytes;

    private SlotContent content;
    private boolean done;
    private boolean gone;
    private boolean warnedAboutPlace;
    /** Looks so far at a taken file whose taker has not written its record yet. */
    private int looksForTheirRecord;

    private volatile Predicate<SlotContent> mayOverwrite;

    LockFileSlot(
            FileLockBackend backend,
            AccountId account,
            Path file,
            Path key,
            long offset,
            GuardFile guardFile,
            FileLock guardLock,
            LockFileIo.Opened opened,
            FileLock fileLock,
            LockFileIo.Snapshot snapshot,
            SlotContent content) {
        this.backend = backend;
        this.account = account;
        this.file = file;
        this.key = key;
        this.offset = offset;
        this.created = opened.created();
        this.guard = backend.files().guard(key);
        this.guardHolds.add(new GuardHold(guardFile, guardLock));
        this.open = opened.file();
        this.fileLock = fileLock;
        this.identity = opened.identity();
        this.bytes = snapshot.bytes();
        this.content = content;
    }

    @Override
    public SlotContent content() {
        guard.lock();
        try {
            return content;
        } finally {
            guard.unlock();
        }
    }

    @Override
    public void write(LockRecord record) {
        byte[] encoded = RecordCodec.encode(record);
        // Under the guard, so that observers in this JVM reading through our descriptor see whole records.
        guard.lock();
        try {
            requireUsable();
            try {
                LockFileIo.write(open, encoded, bytes == null ? -1 : bytes.length);
                bytes = encoded;
                content = new SlotContent.Present(record);
            } catch (IOException e) {
                putBack(bytes);
                throw new LockException(
                        "cannot write lock file " + file + ": " + e.getMessage()
                                + ". Check free space and permissions of the lock directory",
                        e);
            }
        } finally {
            guard.unlock();
        }
    }

    /** After a failed write, puts back what the file held (a full disk still lets a file keep its size). */
    private void putBack(byte[] previous) {
        bytes = null;
        if (previous == null) {
            return;
        }
        try {
            LockFileIo.write(open, previous, -1);
            bytes = previous;
        } catch (IOException ignored) {
            // The file now holds part of a record: unreadable, so stale for the next acquirer.
        }
    }

    /**
     * Removes the file, if it still holds what this slot wrote or read (a record someone else wrote
     * over ours, such as the older launcher's, is left in place), then lets the locks go. A file left in
     * place keeps its lock until the guard byte has gone, so that the next acquirer never meets our
     * file; a file we removed is unreachable by its path, so its guard byte goes first and the waiter
     * starts while we close it (see {@code docs/protocol.md}, Release).
     */
    @Override
    public void retire() {
        guard.lock();
        try {
            if (done) {
                return;
            }
            boolean removed = false;
            try {
                if (!gone) {
                    removed = removeIf(true);
                }
            } finally {
                finish(removed);
            }
        } finally {
            guard.unlock();
        }
    }

    /** Lets the locks go; a file that holds no record (empty, or left by a failed first write) is removed first. */
    @Override
    public void close() {
        guard.lock();
        try {
            if (done) {
                return;
            }
            boolean removed = false;
            try {
                if (!gone) {
                    removed = removeIf(false);
                }
            } finally {
                finish(removed);
            }
        } finally {
            guard.unlock();
        }
    }

    /** Removes the file if it is ours to remove; true when this call unlinked it. */
    private boolean removeIf(boolean retiring) {
        try {
            BasicFileAttributes now = LockFileIo.attributes(file);
            if (now == null || !Objects.equals(now.fileKey(), identity)) {
                return false; // gone, or replaced by a file that is not ours to delete
            }
            LockFileIo.Snapshot found = LockFileIo.read(open, account);
            boolean ours = bytes != null ? found.holds(bytes) : created;
            // Our own bytes need no parse (the usual release): only something else is decoded and judged.
            boolean remove = retiring
                    ? ours || found.content() instanceof SlotContent.Absent
                    : found.content() instanceof SlotContent.Absent
                            || (created && !(found.content() instanceof SlotContent.Present));
            if (remove) {
                // File.delete is one unlink; Files.delete would first look whether the path is a directory.
                if (file.toFile().delete()) {
                    return true;
                }
                if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException("the file could not be deleted");
                }
            } else if (retiring) {
                Log.LOG.log(
                        Level.INFO,
                        "left lock file {0} in place: it now holds {1}, not the record of this holder",
                        file,
                        describe(found.content()));
            }
        } catch (IOException | LockException e) {
            Log.LOG.log(
                    Level.WARNING,
                    "could not remove lock file " + file + " (" + e.getMessage()
                            + "); it is left stale, and the next acquirer takes it over");
        }
        return false;
    }

    /**
     * Lets the locks go. A file still in place keeps its lock until the guard byte has gone (the next
     * acquirer, who takes the guard byte first, never meets it locked). A file this release unlinked
     * can no longer be opened by its path: the guard byte goes first, so the waiter creates the new
     * file while we unlock and close the old one. Not where a file being deleted stays in the way of
     * an open until its last handle is closed (Windows): there the waiter would only meet it.
     */
    private void finish(boolean removed) {
        done = true;
        Watchdog.unwatch(this);
        if (removed && !FileLockBackend.deletePending()) {
            releaseGuards();
            releaseFile();
        } else {
            releaseFile();
            releaseGuards();
        }
        backend.files().letGo(key, this, identity);
    }

    private void releaseGuards() {
        for (GuardHold hold : guardHolds) {
            hold.guard().release(hold.lock());
            GuardFiles.released(backend.directory(), hold.guard());
        }
        guardHolds.clear();
    }

    private void releaseFile() {
        try {
            fileLock.release();
        } catch (IOException ignored) {
            // Closing the descriptor below frees it anyway.
        }
        LockFileIo.closeQuietly(open);
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public CompletionStage<String> lost() {
        return lost;
    }

    @Override
    public void watch(Predicate<SlotContent> mayOverwrite) {
        this.mayOverwrite = Objects.requireNonNull(mayOverwrite, "mayOverwrite");
        Watchdog.watch(this);
    }

    /** What an observer in this JVM sees: our record, read through our own descriptor. The guard is held. */
    Peek peekHere() throws IOException {
        LockFileIo.Snapshot snapshot = LockFileIo.read(open, account);
        return new Peek(Peek.Claim.HELD_IN_THIS_PROCESS, LockFileIo.dated(snapshot.content(), file));
    }

    /** Reports a loss found by {@link #check()}; called without the guard (listeners may close the slot). */
    void lose(String reason) {
        lost.complete(reason);
    }

    /**
     * Brings back what was removed and checks that nobody took the account: the directory, the guard
     * byte, then the lock file. Runs on the watchdog thread.
     *
     * @return the reason the lock is lost, or null while it is still held
     */
    String check() {
        guard.lock();
        try {
            if (done || gone || mayOverwrite == null) {
                return null;
            }
            Path directory = backend.directory();
            if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(directory);
                Log.LOG.log(
                        Level.INFO,
                        "the lock directory {0} was deleted: made it again for account {1}",
                        directory,
                        account);
            }
            checkGuard(directory);
            String loss = checkFile();
            if (loss != null) {
                gone = true;
            }
            return loss;
        } catch (IOException | LockException e) {
            if (!warnedAboutPlace) {
                warnedAboutPlace = true;
                Log.LOG.log(
                        Level.WARNING,
                        "cannot check lock file " + file + " of account " + account + ": " + e.getMessage());
            }
            return null;
        } finally {
            guard.unlock();
        }
    }

    /** Takes this account's byte of the guard file the path names now, if it is a new one. */
    private void checkGuard(Path directory) {
        GuardFile current = GuardFiles.current(directory);
        for (GuardHold hold : guardHolds) {
            if (hold.guard() == current) {
                return;
            }
        }
        FileLock taken = current.tryLock(offset);
        if (taken != null) {
            guardHolds.add(new GuardHold(current, taken));
            Log.LOG.log(
                    Level.INFO,
                    "the guard file {0} was deleted or replaced: account {1} is guarded again",
                    current.path(),
                    account);
        }
        // Else another process has the byte of the new guard for an instant: our lock file refuses it. Next time.
    }

    private String checkFile() throws IOException {
        BasicFileAttributes now = LockFileIo.attributes(file);
        if (now != null && !now.isRegularFile()) {
            if (!warnedAboutPlace) {
                warnedAboutPlace = true;
                Log.LOG.log(
                        Level.WARNING,
                        "something that is not a lock file is in the place of {0} (account {1} stays locked): "
                                + LockFileIo.notALockFile(now),
                        file,
                        account);
            }
            return null;
        }
        if (now != null && Objects.equals(now.fileKey(), identity)) {
            LockFileIo.Snapshot found = LockFileIo.read(open, account);
            if (bytes == null || found.holds(bytes)) {
                return null;
            }
            if (!mayOverwrite.test(found.content())) {
                return "the lock file was written over with " + describe(found.content());
            }
            LockFileIo.write(open, bytes, -1);
            Log.LOG.log(
                    Level.INFO,
                    "lock file {0} was written over with {1}: wrote the holder's record back",
                    file,
                    describe(found.content()));
            return null;
        }
        return adopt(now);
    }

    /** The path names another file, or none: lock it (creating it when missing) and make it ours again. */
    private String adopt(BasicFileAttributes now) throws IOException {
        if (now != null && backend.files().holderOf(now.fileKey()) != null) {
            return null; // another lock of this JVM (a hard link): never open a second descriptor of it
        }
        LockFileIo.Opened opened = LockFileIo.openForClaim(file, identity -> {
            if (identity != null && backend.files().holderOf(identity) != null) {
                throw new LockException("the path now names the lock file of another account held here");
            }
        });
        if (opened == null) {
            return null; // changed while being opened: next time
        }
        FileLock taken;
        try {
            taken = opened.file().getChannel().tryLock(LockFileIo.LOCK_POSITION, 1, false);
        } catch (OverlappingFileLockException e) {
            Quarantine.keep(opened.file());
            return null;
        }
        if (taken == null) {
            LockFileIo.Snapshot theirs = LockFileIo.read(opened.file(), account);
            boolean onlyLookedAt = FileLocks.onlyLookedAt(opened.file());
            LockFileIo.closeQuietly(opened.file());
            if (onlyLookedAt) {
                return null; // an observer's look for an instant, not a holder
            }
            if (!(theirs.content() instanceof SlotContent.Present) && looksForTheirRecord++ < RECORD_LOOKS) {
                return null; // taken, and its record is being written: name the taker on a later look
            }
            return "the lock file was " + (now == null ? "deleted" : "replaced") + " and taken by "
                    + holderOf(theirs.content());
        }
        LockFileIo.Snapshot found = LockFileIo.read(opened.file(), account);
        boolean acceptable = opened.created()
                || found.holds(bytes)
                || found.content() instanceof SlotContent.Absent
                || mayOverwrite.test(found.content());
        if (!acceptable) {
            taken.release();
            LockFileIo.closeQuietly(opened.file());
            return "the lock file was replaced with " + describe(found.content());
        }
        if (bytes != null && !found.holds(bytes)) {
            LockFileIo.write(opened.file(), bytes, -1);
        }
        Object previous = identity;
        releaseFile();
        open = opened.file();
        fileLock = taken;
        identity = opened.identity();
        backend.files().moved(this, previous, identity);
        Log.LOG.log(
                Level.INFO,
                now == null
                        ? "lock file {0} was deleted: wrote it again for account {1}"
                        : "lock file {0} was replaced: took it back for account {1}",
                file,
                account);
        return null;
    }

    private static String holderOf(SlotContent content) {
        if (content instanceof SlotContent.Present present) {
            return "pid " + present.record().pid() + " on host "
                    + present.record().displayHost();
        }
        return "another process";
    }

    private static String describe(SlotContent content) {
        if (content instanceof SlotContent.Present present) {
            return "the record of pid " + present.record().pid() + " ("
                    + present.record().describe() + ")";
        }
        if (content instanceof SlotContent.Unreadable unreadable) {
            return "something that is not a lock record (" + unreadable.reason() + ")";
        }
        return "nothing";
    }

    private void requireUsable() {
        if (done) {
            throw new IllegalStateException("the lock on " + file + " has been let go");
        }
    }
}
