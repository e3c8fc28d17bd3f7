package io.instancelock.fs.internal;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import io.instancelock.fs.LockFileNames;
import java.io.IOException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Account locks as files in one directory: {@code account_{id}.lock} with the JSON record and an OS
 * lock on one byte far past it, plus the account's byte of the directory's guard file.
 *
 * <p>Claiming, in order (see {@code docs/protocol.md}):
 *
 * <ol>
 *   <li>take the account's byte of the guard file the directory's path names now (without waiting,
 *       or waiting in the kernel, see {@link KernelWait}); busy means held;
 *   <li>open (creating) the lock file, refusing links, and take its OS lock without waiting: busy means
 *       held by a process that got in before the guard file was replaced, so let the guard byte go;
 *   <li>read what the file holds through the same descriptor.
 * </ol>
 *
 * <p>Releasing removes the file (if it still holds our record) while both locks are held, then lets
 * the guard byte go and then the removed file's lock (a file left in place: its lock first, the guard
 * byte last). An acquirer holds the guard byte before it opens the lock file, so it never meets a file
 * that is being removed.
 */
public final class FileLockBackend implements LockBackend {

    /** Attempts in a row that collide with observers' brief shared looks before a claim counts as busy. */
    private static final int LOOK_RETRIES = 5;

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    /** How often an open that meets a delete-pending name (Windows) is tried again, 1 ms apart. */
    private static final int DELETE_PENDING_RETRIES = 200;

    /**
     * The longest pause of a waiter whose guard byte is free but whose lock file is held. The first
     * pauses are short: a holder killed by SIGKILL has its descriptors closed one after the other, so
     * its guard byte may be free a moment before its lock file is.
     */
    private static final long HELD_FILE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** How often, and how far apart, a waiter holding the guard byte tries a held lock file again at once. */
    private static final int FREED_RETRIES = 20;

    private static final long FREED_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** Whether a file being deleted stays in the way of an open until its last handle is closed (Windows). */
    static boolean deletePending() {
        return WINDOWS || FaultHooks.windowsRules;
    }

    private final Path directory;
    private final boolean caseInsensitive;
    private final OpenLockFiles files = OpenLockFiles.INSTANCE;

    private FileLockBackend(Path directory, boolean caseInsensitive) {
        this.directory = directory;
        this.caseInsensitive = caseInsensitive;
    }

    /**
     * Opens a lock directory, creating it when missing.
     *
     * @throws LockException when it cannot be created or is not a directory
     */
    public static FileLockBackend open(Path directory) {
        return open(directory, null);
    }

    /**
     * Opens a lock directory, with the case rule given ({@code null}: found from the file system), so that
     * tests on a case-sensitive disk can exercise a case-insensitive one's rules.
     */
    static FileLockBackend open(Path directory, Boolean caseInsensitive) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (Files.isSymbolicLink(absolute) && !Files.exists(absolute)) {
            throw new LockException("lock directory " + absolute + " is a symbolic link to " + linkTarget(absolute)
                    + ", which does not exist: create that directory, or remove the link");
        }
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new LockException("lock directory " + absolute + " is not a directory: "
                    + "move that file away or choose another lock directory");
        }
        try {
            Files.createDirectories(absolute);
            Path real = absolute.toRealPath();
            return new FileLockBackend(real, caseInsensitive != null ? caseInsensitive : isCaseInsensitive(real));
        } catch (IOException e) {
            throw new LockException(
                    "cannot create lock directory " + absolute + " (" + IoProblems.describe(e)
                            + "): check that its parent is a directory this user can write to",
                    e);
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "a path that cannot be read";
        }
    }

    /**
     * Whether the directory's file system ignores case (macOS and Windows by default), found once from
     * the guard file: there {@code account_AB.lock} and {@code account_ab.lock} are one file.
     */
    private static boolean isCaseInsensitive(Path directory) {
        if (GuardFiles.forLooking(directory) == null) {
            try {
                GuardFiles.current(directory);
            } catch (LockException e) {
                return false;
            }
        }
        return Files.exists(
                directory.resolve(LockFileNames.GUARD_FILE.toUpperCase(Locale.ROOT)), LinkOption.NOFOLLOW_LINKS);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Optional<Slot> tryClaim(AccountId account) {
        Path key = keyOf(account);
        if (!startClaim(key, account)) {
            return Optional.empty();
        }
        boolean claimed = false;
        try {
            for (int round = 0; ; round++) {
                GuardFile guard = currentGuard();
                long offset = offsetOf(account);
                FileLock guardLock = guard.tryLock(offset);
                if (guardLock == null) {
                    if (round < LOOK_RETRIES && guard.onlyLookedAt(offset)) {
                        pause(round);
                        continue;
                    }
                    return Optional.empty();
                }
                Attempt attempt = openLocked(account, key, guard, guardLock, round < LOOK_RETRIES, false);
                if (attempt.slot != null) {
                    claimed = true;
                    return Optional.of(attempt.slot);
                }
                if (!attempt.retry) {
                    return Optional.empty();
                }
                pause(round);
            }
        } finally {
            if (!claimed) {
                endClaim(key);
            }
        }
    }

    @Override
    public Optional<Slot> claim(AccountId account, Duration timeout) throws InterruptedException {
        Path key = keyOf(account);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!startClaim(key, account)) {
            // Another caller of this JVM claims the same file under another id's name: refused by startClaim;
            // under the same id, core's own claim keeps a second one from getting here.
            if (System.nanoTime() - deadline >= 0) {
                return Optional.empty();
            }
            TimeUnit.MILLISECONDS.sleep(KernelWait.POLL_INTERVAL_MILLIS);
        }
        boolean claimed = false;
        try {
            for (int round = 0; ; round++) {
                GuardFile guard = currentGuard();
                FileLock guardLock = KernelWait.lock(guard, offsetOf(account), deadline, false);
                if (guardLock == null) {
                    return Optional.empty();
                }
                if (!guard.isCurrent()) {
                    // The guard file was replaced while we waited on the old one: wait on the new one.
                    release(guard, guardLock);
                    continue;
                }
                Attempt attempt = openLocked(account, key, guard, guardLock, true, true);
                if (attempt.slot != null) {
                    claimed = true;
                    return Optional.of(attempt.slot);
                }
                if (System.nanoTime() - deadline >= 0) {
                    return Optional.empty();
                }
                // The lock file is held: by a holder killed a moment ago whose descriptors the kernel is
                // still closing (the guard's first), or by one that got in before the guard file was
                // replaced, which takes the new guard's byte soon, and we then wait for it in the kernel.
                if (!attempt.retry) {
                    pauseInterruptibly(
                            Math.min(HELD_FILE_PAUSE_NANOS, TimeUnit.MICROSECONDS.toNanos(50L << Math.min(round, 10))));
                }
            }
        } finally {
            if (!claimed) {
                endClaim(key);
            }
        }
    }

    /** The outcome of opening the lock file under a held guard byte. */
    private record Attempt(LockFileSlot slot, boolean retry) {}

    /**
     * Opens and locks the account's file while its guard byte is held. On any outcome but a slot, the
     * guard byte has been let go again. A {@code patient} caller (one that waits) gives a held lock
     * file a moment to be freed ({@link #lockOnceFreed}).
     */
    private Attempt openLocked(
            AccountId account, Path key, GuardFile guard, FileLock guardLock, boolean mayRetry, boolean patient) {
        Path file = fileOf(account);
        ReentrantLock fileGuard = files.guard(key);
        fileGuard.lock();
        boolean kept = false;
        try {
            LockFileIo.Opened opened = openForClaim(file, identity -> {
                if (files.holderOf(identity) != null) {
                    throw new LockException("lock file " + file + " is the same file as the lock file of another"
                            + " account held in this process (a hard link): remove the link");
                }
            });
            if (opened == null) {
                return new Attempt(null, true);
            }
            FileLock fileLock;
            try {
                fileLock = FileLocks.tryExclusive(opened.file());
                if (fileLock == null && patient) {
                    fileLock = lockOnceFreed(opened, file);
                }
            } catch (OverlappingFileLockException e) {
                // Never close: that would drop the lock of whoever in this JVM holds this file.
                Quarantine.keep(opened.file());
                throw new LockException("lock file " + file + " is also held in this process under another name: "
                        + "remove hard links from the lock directory");
            } catch (IOException e) {
                LockFileIo.closeQuietly(opened.file());
                throw new LockException(
                        "cannot lock " + file + ": " + e.getMessage()
                                + ". The file system may not support locks (run lockctl doctor)",
                        e);
            }
            if (fileLock == null) {
                boolean looks = FileLocks.onlyLookedAt(opened.file());
                closeUnlocked(opened, file);
                return new Attempt(null, looks && mayRetry);
            }
            LockFileIo.Snapshot snapshot;
            try {
                snapshot = LockFileIo.read(opened.file(), account);
            } catch (IOException e) {
                fileLock.release();
                closeUnlocked(opened, file);
                throw new LockException("cannot read lock file " + file + ": " + e.getMessage(), e);
            }
            SlotContent content = claimedContent(snapshot.content(), file);
            LockFileSlot slot = new LockFileSlot(
                    this, account, file, key, offsetOf(account), guard, guardLock, opened, fileLock, snapshot, content);
            files.hold(key, slot, opened.identity());
            kept = true;
            return new Attempt(slot, false);
        } catch (IOException e) {
            throw new LockException("cannot use lock file " + file + ": " + e.getMessage(), e);
        } finally {
            fileGuard.unlock();
            if (!kept) {
                release(guard, guardLock);
            }
        }
    }

    /**
     * Tries the lock file's lock again for a moment, keeping the guard byte. A holder killed an instant
     * ago has its descriptors closed by the kernel one after the other, so its guard byte may be free
     * just before its lock file is; letting the guard byte go and starting over would cost a take-over
     * after a crash about a millisecond, in a third to a half of them (measured). Null when the file is
     * still held, or when the path no longer names it: a holder that got in before the guard file was
     * replaced may remove its file meanwhile, and a lock on a removed file guards nothing.
     */
    private static FileLock lockOnceFreed(LockFileIo.Opened opened, Path file) throws IOException {
        for (int attempt = 0; attempt < FREED_RETRIES; attempt++) {
            LockSupport.parkNanos(FREED_PAUSE_NANOS);
            FaultHooks.whileLockFileHeld();
            FileLock lock = FileLocks.tryExclusive(opened.file());
            if (lock != null) {
                if (namesStill(file, opened.identity())) {
                    return lock;
                }
                lock.release();
                return null;
            }
        }
        return null;
    }

    /** An empty file, under a claim we hold, is a crashed claim's leftover or our own new file: no record. */
    private static SlotContent claimedContent(SlotContent read, Path file) {
        if (read instanceof SlotContent.Unreadable unreadable
                && unreadable.reason().equals(RecordCodec.EMPTY)) {
            return new SlotContent.Absent();
        }
        return LockFileIo.dated(read, file);
    }

    /** Closes a descriptor we opened but could not lock; a file our open created is removed again. */
    private static void closeUnlocked(LockFileIo.Opened opened, Path file) {
        LockFileIo.closeQuietly(opened.file());
        if (opened.created()) {
            try {
                // Only if still empty: the holder that beat us to the lock may have written into it by now.
                if (Files.size(file) == 0) {
                    Files.deleteIfExists(file);
                }
            } catch (IOException ignored) {
                // Left empty: empty files never block and are cleaned with the next claim.
            }
        }
    }

    /**
     * Opens the lock file for claiming. On Windows a file that is being deleted cannot be opened until
     * its last handle is closed ("delete pending"): that is a release in progress, so try again.
     */
    private static LockFileIo.Opened openForClaim(Path file, java.util.function.Consumer<Object> beforeOpening) {
        for (int attempt = 0; ; attempt++) {
            try {
                FaultHooks.beforeOpen(file);
                return LockFileIo.openForClaim(file, beforeOpening);
            } catch (LockException e) {
                boolean maybePending = (WINDOWS || FaultHooks.windowsRules) && LockFileIo.deniedAccess(e);
                if (!maybePending || attempt >= DELETE_PENDING_RETRIES) {
                    throw e;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private boolean startClaim(Path key, AccountId account) {
        ReentrantLock guard = files.guard(key);
        guard.lock();
        try {
            String other = files.claimant(key);
            if (other == null) {
                files.claim(key, account.value());
                return true;
            }
            if (!other.equals(account.value())) {
                throw new LockException("accounts '" + other + "' and '" + account + "' share one lock file in "
                        + directory + ", whose file system ignores case, and '" + other + "' is held in this process:"
                        + " account ids that differ only in case cannot be locked side by side here");
            }
            return false;
        } finally {
            guard.unlock();
        }
    }

    private void endClaim(Path key) {
        ReentrantLock guard = files.guard(key);
        guard.lock();
        try {
            if (files.holder(key) == null) {
                files.unclaim(key);
            }
        } finally {
            guard.unlock();
        }
    }

    private void release(GuardFile guard, FileLock lock) {
        guard.release(lock);
        GuardFiles.released(directory, guard);
    }

    /**
     * The guard file of the directory; a directory deleted under us is made again. The open is tried
     * again when it failed on a missing directory, even if the directory is back by the time we look: a
     * holder of this or another process may be making it again at the same moment.
     */
    private GuardFile currentGuard() {
        for (int attempt = 1; ; attempt++) {
            try {
                return GuardFiles.current(directory);
            } catch (LockException e) {
                boolean missing =
                        e.getCause() instanceof java.nio.file.NoSuchFileException || !Files.isDirectory(directory);
                if (!missing || attempt == 3) {
                    throw e;
                }
            }
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new LockException(
                        "lock directory " + directory + " is gone and cannot be made again (" + IoProblems.describe(e)
                                + ")",
                        e);
            }
        }
    }

    /**
     * Pauses for about this long. Not {@code TimeUnit.sleep}: {@code Thread.sleep} rounds a pause
     * under a millisecond up to a whole one, which a take-over after SIGKILL met in a third of its
     * rounds (the killed holder's guard byte freed an instant before its lock file).
     */
    private static void pauseInterruptibly(long nanos) throws InterruptedException {
        LockSupport.parkNanos(nanos);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    private static void pause(int round) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200L << Math.min(round, 4)));
    }

    @Override
    public Peek peek(AccountId account) {
        return peek(account, null);
    }

    /** A list's looks: past its first few, guard bytes are answered from one snapshot of the guard. */
    @Override
    public Survey survey() {
        return new DirectorySurvey();
    }

    /**
     * One list's looks, made by one thread. Its first {@link GuardFile#PROBES_BEFORE_ASKING} guard
     * questions probe as a single look does (a list of a few accounts should not read all the
     * computer's locks); the rest are answered from one {@link GuardSnapshot} of the guard, taken at the
     * first of them, where one can be taken (Linux; otherwise they go on probing).
     */
    final class DirectorySurvey implements Survey {
        private int questions;
        private GuardFile snapshotGuard;
        private GuardSnapshot snapshot;

        @Override
        public Peek peek(AccountId account) {
            return FileLockBackend.this.peek(account, this);
        }

        /** The snapshot to answer a question about {@code guard} from, or null to probe. */
        GuardSnapshot snapshotOf(GuardFile guard) {
            if (++questions <= GuardFile.PROBES_BEFORE_ASKING) {
                return null;
            }
            if (guard != snapshotGuard) {
                // A guard replaced during the list is another file: its bytes need a reading of their own.
                snapshotGuard = guard;
                snapshot = guard.snapshot();
            }
            return snapshot;
        }

        /** Whether this survey answers from a snapshot now. */
        boolean answersFromSnapshot() {
            return snapshot != null;
        }

        @Override
        public void close() {
            snapshot = null;
        }
    }

    private Peek peek(AccountId account, DirectorySurvey survey) {
        Path file = fileOf(account);
        Path key = keyOf(account);
        ReentrantLock guard = files.guard(key);
        guard.lock();
        try {
            LockFileSlot holder = files.holder(key);
            if (holder != null) {
                // Invariant 3: read through the holder's descriptor; an observer never closes it.
                return holder.peekHere();
            }
            boolean claimedHere = files.claimant(key) != null;
            BasicFileAttributes attributes = LockFileIo.attributes(file);
            String problem = LockFileIo.notALockFile(attributes);
            if (problem != null) {
                return new Peek(guardClaim(account, claimedHere, survey), new SlotContent.Unreadable(problem));
            }
            if (attributes != null && files.holderOf(attributes.fileKey()) != null) {
                return new Peek(
                        Peek.Claim.HELD_IN_THIS_PROCESS,
                        new SlotContent.Unreadable("it is the same file as the lock file of another account held in"
                                + " this process (a hard link): remove the link"));
            }
            LockFileIo.Opened opened = attributes == null ? null : LockFileIo.openForReading(file);
            if (opened == null) {
                return new Peek(guardClaim(account, claimedHere, survey), new SlotContent.Absent());
            }
            try {
                boolean fileHeld = FileLocks.heldElsewhere(opened.file());
                LockFileIo.Snapshot snapshot = LockFileIo.read(opened.file(), account);
                Peek.Claim claim = fileHeld ? Peek.Claim.HELD : guardClaim(account, claimedHere, survey);
                if (claim == Peek.Claim.FREE
                        && snapshot.content() instanceof SlotContent.Present
                        && !namesStill(file, opened.identity())) {
                    // A record whose locks are free, in a file the path no longer names: a holder that
                    // deleted it (before letting either lock go) while we looked. Not a stale record.
                    return new Peek(Peek.Claim.FREE, new SlotContent.Absent());
                }
                return new Peek(claim, LockFileIo.dated(snapshot.content(), file));
            } finally {
                LockFileIo.closeQuietly(opened.file());
            }
        } catch (IOException e) {
            throw new LockException("cannot read lock file " + file + ": " + e.getMessage(), e);
        } finally {
            guard.unlock();
        }
    }

    /** Whether the path still names the file with this identity. */
    private static boolean namesStill(Path file, Object identity) {
        try {
            BasicFileAttributes now = LockFileIo.attributes(file);
            return now != null && java.util.Objects.equals(now.fileKey(), identity);
        } catch (LockException e) {
            return true;
        }
    }

    /** Who holds the account's guard byte: a claimant of this JVM waiting for it means someone else does. */
    private Peek.Claim guardClaim(AccountId account, boolean claimedHere, DirectorySurvey survey) {
        GuardFile guard = GuardFiles.forLooking(directory);
        if (guard == null) {
            return claimedHere ? Peek.Claim.HELD : Peek.Claim.FREE;
        }
        GuardSnapshot snapshot = survey == null ? null : survey.snapshotOf(guard);
        return switch (guard.probe(offsetOf(account), snapshot)) {
            case FREE -> Peek.Claim.FREE;
            case HELD_HERE -> Peek.Claim.HELD_IN_THIS_PROCESS;
            case HELD_ELSEWHERE -> Peek.Claim.HELD;
        };
    }

    @Override
    public List<AccountId> accounts() {
        List<AccountId> accounts = new ArrayList<>();
        for (String name : entries()) {
            // Not ifPresent(accounts::add): a JVM's first lambda costs `lockctl list` milliseconds.
            Optional<AccountId> account = LockFileNames.account(name);
            if (account.isPresent()) {
                accounts.add(account.get());
            }
        }
        accounts.sort(null);
        return accounts;
    }

    @Override
    public List<String> strayEntries() {
        List<String> stray = new ArrayList<>();
        for (String name : entries()) {
            if (!LockFileNames.belongs(name)) {
                stray.add(name);
            }
        }
        stray.sort(null);
        return stray;
    }

    private List<String> entries() {
        List<String> names = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            return names; // deleted under us: no locks are there (a holder of this JVM makes it again)
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            throw new LockException("cannot list lock directory " + directory + ": " + IoProblems.describe(e), e);
        }
        return names;
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public String locationOf(AccountId account) {
        return fileOf(account).toString();
    }

    /** Nothing to do: each slot owns its descriptors, and open slots stay valid until closed. */
    @Override
    public void close() {}

    Path fileOf(AccountId account) {
        return directory.resolve(LockFileNames.fileName(account));
    }

    /** The in-JVM key of an account's file: in a case-insensitive directory, ids that differ in case share one. */
    private Path keyOf(AccountId account) {
        return caseInsensitive
                ? directory.resolve(LockFileNames.fileName(account).toLowerCase(Locale.ROOT))
                : fileOf(account);
    }

    private long offsetOf(AccountId account) {
        return GuardOffsets.of(caseInsensitive ? account.value().toLowerCase(Locale.ROOT) : account.value());
    }

    OpenLockFiles files() {
        return files;
    }
}
