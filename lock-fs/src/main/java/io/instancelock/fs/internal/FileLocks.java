package io.instancelock.fs.internal;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;

/** The OS lock of one lock file: one byte at {@link LockFileIo#LOCK_POSITION}. */
final class FileLocks {

    private FileLocks() {}

    /** Takes the lock file's lock through a descriptor opened for writing, or returns null when it is taken. */
    static FileLock tryExclusive(RandomAccessFile file) throws IOException {
        return file.getChannel().tryLock(LockFileIo.LOCK_POSITION, 1, false);
    }

    /**
     * Whether another process holds the file's lock: a shared lock taken for an instant. Only called on a
     * descriptor of a file this JVM does not hold.
     */
    static boolean heldElsewhere(RandomAccessFile file) throws IOException {
        try {
            FileLock probe = file.getChannel().tryLock(LockFileIo.LOCK_POSITION, 1, true);
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    /**
     * Whether an exclusive attempt failed only because of observers' shared looks: a shared lock can
     * be taken, so no holder has the file.
     */
    static boolean onlyLookedAt(RandomAccessFile file) {
        try {
            return !heldElsewhere(file);
        } catch (IOException e) {
            return false;
        }
    }
}
