package io.instancelock.fs.internal;

import io.instancelock.core.LockException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Faults that tests of this package inject where the real ones cannot be made on demand (a full disk
 * on a machine that has space, Windows' delete-pending names on Linux). Unset, they cost a read of a
 * volatile field.
 */
final class FaultHooks {

    /** Thrown from every write of a lock file while set, as a full disk would. */
    static volatile IOException writeFailure;

    /** Follow Windows' rules where they differ (an access-denied open may be a delete-pending name). */
    static volatile boolean windowsRules;

    /** Run by a waiter each time it tries again a lock file that another process holds (see FileLockBackend). */
    static volatile Runnable whileLockFileHeld;

    /** How many more opens of a lock file fail as on Windows while the file is being deleted. */
    private static int deletePendingOpens;

    private FaultHooks() {}

    static void beforeWrite() throws IOException {
        IOException failure = writeFailure;
        if (failure != null) {
            throw failure;
        }
    }

    static void whileLockFileHeld() {
        Runnable hook = whileLockFileHeld;
        if (hook != null) {
            hook.run();
        }
    }

    static synchronized void failOpensAsDeletePending(int opens) {
        deletePendingOpens = opens;
    }

    static void beforeOpen(Path file) {
        if (!windowsRules) {
            return;
        }
        synchronized (FaultHooks.class) {
            if (deletePendingOpens > 0) {
                deletePendingOpens--;
                throw new LockException(
                        "cannot create or open lock file " + file + ": permission denied",
                        new FileNotFoundException(file + " (Access is denied)"));
            }
        }
    }

    static void reset() {
        writeFailure = null;
        windowsRules = false;
        whileLockFileHeld = null;
        failOpensAsDeletePending(0);
    }
}
