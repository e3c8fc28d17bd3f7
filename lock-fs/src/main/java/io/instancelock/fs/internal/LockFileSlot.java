package io.instancelock.fs.internal;

import io.instancelock.core.LockException;
import io.instancelock.core.LockRecord;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/** A lock file whose OS lock this JVM holds. */
final class LockFileSlot implements Slot {

    private final FileLockBackend backend;
    private final Path file;
    private final OpenLockFiles.Owner owner;
    private SlotContent content;
    private boolean done;

    LockFileSlot(FileLockBackend backend, Path file, OpenLockFiles.Owner owner, SlotContent content) {
        this.backend = backend;
        this.file = file;
        this.owner = owner;
        this.content = content;
    }

    @Override
    public SlotContent content() {
        ReentrantLock guard = backend.files().guard(file);
        guard.lock();
        try {
            return content;
        } finally {
            guard.unlock();
        }
    }

    @Override
    public void write(LockRecord record) {
        byte[] bytes = RecordCodec.encode(record);
        // Under the guard, so that observers in this JVM reading through our channel see whole records.
        ReentrantLock guard = backend.files().guard(file);
        guard.lock();
        try {
            requireOpen();
            LockFileIo.write(owner.channel, bytes);
            content = new SlotContent.Present(record);
        } catch (IOException e) {
            throw new LockException(
                    "cannot write lock file " + file + ": " + e.getMessage()
                            + ". Check free space and permissions of the lock directory",
                    e);
        } finally {
            guard.unlock();
        }
    }

    /**
     * Retires the file while still holding its OS lock: a fresh marker first (so that a waiter that
     * opened this file before the delete knows to start over), then the delete, then the OS lock.
     */
    @Override
    public void retire() {
        ReentrantLock guard = backend.files().guard(file);
        guard.lock();
        try {
            if (done) {
                return;
            }
            try {
                LockFileIo.write(owner.channel, RecordCodec.encodeRetired(freshToken()));
                Files.deleteIfExists(file);
            } catch (IOException e) {
                Log.LOG.log(
                        Level.WARNING, "could not remove lock file " + file + "; the next acquirer takes it over", e);
            }
            finish();
        } finally {
            guard.unlock();
        }
    }

    /** Lets the OS lock go; a file with no record worth keeping (empty, or retired) is removed first. */
    @Override
    public void close() {
        if (content() instanceof SlotContent.Absent) {
            retire();
            return;
        }
        ReentrantLock guard = backend.files().guard(file);
        guard.lock();
        try {
            if (!done) {
                finish();
            }
        } finally {
            guard.unlock();
        }
    }

    @Override
    public String location() {
        return file.toString();
    }

    private void finish() {
        done = true;
        backend.letGo(file, owner);
    }

    /**
     * A random token for a retirement marker. It only has to differ from every other marker's, so it
     * comes from {@link ThreadLocalRandom}: {@code UUID.randomUUID()} starts {@code SecureRandom} and
     * its providers, 30 to 90 ms in a JVM's first release (every {@code lockctl run} pays it).
     */
    private static String freshToken() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** Made on first use: {@code System.getLogger} starts the logging back-end at once. */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(LockFileSlot.class.getName());
    }

    private void requireOpen() {
        if (done) {
            throw new IllegalStateException("the lock on " + file + " has been let go");
        }
    }
}
