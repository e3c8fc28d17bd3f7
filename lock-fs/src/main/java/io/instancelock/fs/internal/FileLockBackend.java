package io.instancelock.fs.internal;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.ProcessProbe;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Account locks as files in one directory: {@code account_{id}.lock}, an OS lock on one byte far past
 * the JSON record.
 *
 * <p>Claiming, in order (see {@code docs/protocol.md}):
 *
 * <ol>
 *   <li>open (creating) the file without following links, and take its OS lock;
 *   <li>read the content through the same channel. A retirement marker means a releaser removed this
 *       file after we opened it: the lock we hold is on a deleted file, so let it go and start over.
 *       The same marker seen again after reopening the path means the releaser crashed before
 *       deleting: the file is still the live one, and ours.
 * </ol>
 *
 * <p>Releasing writes a fresh retirement marker, deletes the file, and only then lets the OS lock go;
 * so whoever holds the lock on a file that carries no marker holds the file its path names.
 */
public final class FileLockBackend implements LockBackend {

    /** Releases in a row that a claim follows before it counts the account as busy. */
    private static final int MAX_ROUNDS = 1_000;

    private final Path directory;
    private final ProcessProbe probe = new OsProcessProbe();
    private final OpenLockFiles files = OpenLockFiles.INSTANCE;

    private FileLockBackend(Path directory) {
        this.directory = directory;
    }

    /**
     * Opens a lock directory, creating it when missing.
     *
     * @throws LockException when it cannot be created or is not a directory
     */
    public static FileLockBackend open(Path directory) {
        Path absolute = directory.toAbsolutePath().normalize();
        try {
            if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
                throw new LockException("lock directory " + absolute + " is not a directory: "
                        + "move that file away or choose another lock directory");
            }
            Files.createDirectories(absolute);
            return new FileLockBackend(absolute.toRealPath());
        } catch (IOException e) {
            throw new LockException(
                    "cannot create lock directory " + absolute + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage()
                            + "): check that its parent exists and is writable",
                    e);
        }
    }

    public Path directory() {
        return directory;
    }

    @Override
    public Optional<Slot> tryClaim(AccountId account) {
        Path file = fileOf(account);
        String seenMarker = null;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            OpenLockFiles.Owner owner;
            ReentrantLock guard = files.guard(file);
            guard.lock();
            try {
                if (files.owner(file) != null) {
                    return Optional.empty();
                }
                FileChannel channel = LockFileIo.openForClaim(file);
                FileLock lock = tryLock(channel, file);
                if (lock == null) {
                    closeQuietly(channel);
                    return Optional.empty();
                }
                owner = files.register(file, channel);
                owner.lock = lock;
            } finally {
                guard.unlock();
            }
            RecordCodec.Decoded found = readOwned(file, owner, account);
            Optional<Slot> settled = settle(file, owner, account, found, seenMarker);
            if (settled.isPresent()) {
                return settled;
            }
            seenMarker = ((RecordCodec.Decoded.Retired) found).token();
        }
        return Optional.empty();
    }

    @Override
    public Optional<Slot> claim(AccountId account, Duration timeout) throws InterruptedException {
        Path file = fileOf(account);
        boolean forever = timeout == null;
        long deadline = forever ? 0 : System.nanoTime() + timeout.toNanos();
        String seenMarker = null;
        while (true) {
            OpenLockFiles.Owner owner;
            ReentrantLock guard = files.guard(file);
            guard.lockInterruptibly();
            try {
                if (!files.awaitNoOwner(file, deadline, forever)) {
                    return Optional.empty();
                }
                owner = files.register(file, LockFileIo.openForClaim(file));
            } finally {
                guard.unlock();
            }
            FileLock lock;
            try {
                lock = KernelWait.lock(owner.channel, deadline, forever);
            } catch (InterruptedException | RuntimeException e) {
                letGo(file, owner);
                throw e;
            }
            if (lock == null) {
                letGo(file, owner);
                return Optional.empty();
            }
            owner.lock = lock;
            RecordCodec.Decoded found = readOwned(file, owner, account);
            Optional<Slot> settled = settle(file, owner, account, found, seenMarker);
            if (settled.isPresent()) {
                return settled;
            }
            seenMarker = ((RecordCodec.Decoded.Retired) found).token();
        }
    }

    /**
     * Turns a freshly taken OS lock into a slot, or lets it go (returning empty) when the file turned
     * out to be retired by a releaser after we opened it.
     */
    private Optional<Slot> settle(
            Path file, OpenLockFiles.Owner owner, AccountId account, RecordCodec.Decoded found, String seenMarker) {
        if (found instanceof RecordCodec.Decoded.Content content) {
            SlotContent slotContent = content.content() instanceof SlotContent.Unreadable unreadable
                            && unreadable.reason().equals(RecordCodec.EMPTY)
                    ? new SlotContent.Absent()
                    : content.content();
            return Optional.of(new LockFileSlot(this, file, owner, slotContent));
        }
        RecordCodec.Decoded.Retired retired = (RecordCodec.Decoded.Retired) found;
        if (retired.token().equals(seenMarker)) {
            // Same marker through a newly opened channel: the path still names the retired file, whose
            // releaser died before deleting it. We hold its lock, so it is ours to reuse.
            return Optional.of(new LockFileSlot(this, file, owner, new SlotContent.Absent()));
        }
        letGo(file, owner);
        return Optional.empty();
    }

    @Override
    public Peek peek(AccountId account) {
        Path file = fileOf(account);
        ReentrantLock guard = files.guard(file);
        guard.lock();
        try {
            OpenLockFiles.Owner owner = files.owner(file);
            if (owner != null) {
                Peek.Claim claim = owner.holdsLock() ? Peek.Claim.HELD_IN_THIS_PROCESS : Peek.Claim.UNKNOWN;
                // Invariant 3: read through the owner's channel; an observer never closes it.
                try {
                    return new Peek(claim, visible(LockFileIo.read(owner.channel, account)));
                } catch (IOException e) {
                    return new Peek(claim, new SlotContent.Unreadable("cannot be read right now: " + e));
                }
            }
            String problem = LockFileIo.notALockFile(file);
            if (problem != null) {
                return new Peek(Peek.Claim.FREE, new SlotContent.Unreadable(problem));
            }
            try (FileChannel channel = LockFileIo.openForReading(file)) {
                if (channel == null) {
                    return new Peek(Peek.Claim.FREE, new SlotContent.Absent());
                }
                Peek.Claim claim = probeClaim(channel);
                return new Peek(claim, visible(LockFileIo.read(channel, account)));
            }
        } catch (IOException e) {
            throw new LockException("cannot read lock file " + file + ": " + e.getMessage(), e);
        } finally {
            guard.unlock();
        }
    }

    /** Whether another process holds the OS lock, found by taking a shared lock for an instant. */
    private static Peek.Claim probeClaim(FileChannel channel) throws IOException {
        try {
            FileLock probe = channel.tryLock(LockFileIo.LOCK_POSITION, 1, true);
            if (probe == null) {
                return Peek.Claim.HELD;
            }
            probe.release();
            return Peek.Claim.FREE;
        } catch (OverlappingFileLockException e) {
            return Peek.Claim.HELD_IN_THIS_PROCESS;
        }
    }

    /** A retirement marker shows a lock being released: to observers, there is no record. */
    private static SlotContent visible(RecordCodec.Decoded decoded) {
        return decoded instanceof RecordCodec.Decoded.Content content ? content.content() : new SlotContent.Absent();
    }

    @Override
    public List<AccountId> accounts() {
        List<AccountId> accounts = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "account_*.lock")) {
            for (Path entry : entries) {
                AccountId.fromFileName(entry.getFileName().toString()).ifPresent(accounts::add);
            }
        } catch (IOException e) {
            throw new LockException("cannot list lock directory " + directory + ": " + e.getMessage(), e);
        }
        accounts.sort(null);
        return accounts;
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public String locationOf(AccountId account) {
        return fileOf(account).toString();
    }

    @Override
    public ProcessProbe processProbe() {
        return probe;
    }

    /** Nothing to do: each slot owns its channel, and open slots stay valid until closed. */
    @Override
    public void close() {}

    Path fileOf(AccountId account) {
        return directory.resolve(account.fileName());
    }

    private RecordCodec.Decoded readOwned(Path file, OpenLockFiles.Owner owner, AccountId account) {
        try {
            return LockFileIo.read(owner.channel, account);
        } catch (IOException e) {
            letGo(file, owner);
            throw new UncheckedIOException("cannot read lock file " + file, e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path file) {
        try {
            return channel.tryLock(LockFileIo.LOCK_POSITION, 1, false);
        } catch (OverlappingFileLockException e) {
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new LockException(
                    "cannot lock " + file + ": " + e.getMessage()
                            + ". The file system may not support locks (run lockctl doctor)",
                    e);
        }
    }

    /** Closes an owner's channel (freeing its OS lock) and unregisters it, under the path's guard. */
    void letGo(Path file, OpenLockFiles.Owner owner) {
        ReentrantLock guard = files.guard(file);
        guard.lock();
        try {
            closeQuietly(owner.channel);
            files.unregister(file, owner);
        } finally {
            guard.unlock();
        }
    }

    OpenLockFiles files() {
        return files;
    }

    static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing frees the OS lock whatever the outcome; nothing more can be done.
        }
    }
}
