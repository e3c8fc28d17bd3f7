package io.instancelock.fs.internal;

import io.instancelock.core.LockException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The guard file each lock directory's path names, one per directory in this JVM. A guard file that
 * was deleted or replaced is opened anew; the old one stays open while this JVM still holds a byte of
 * it (closing it would drop those locks) and is closed with its last release.
 */
final class GuardFiles {

    private static final Map<Path, GuardFile> CURRENT = new HashMap<>();

    private GuardFiles() {}

    /**
     * The guard the directory's path names now, created when missing.
     *
     * @throws LockException when it cannot be created or opened
     */
    static synchronized GuardFile current(Path directory) {
        GuardFile cached = CURRENT.get(directory);
        if (cached != null && cached.isCurrent()) {
            return cached;
        }
        GuardFile opened = GuardFile.open(directory);
        CURRENT.put(directory, opened);
        if (cached != null) {
            cached.closeIfUnused();
        }
        return opened;
    }

    /** The current guard for an observer's look, or null when the directory has none (or it cannot be opened). */
    static GuardFile forLooking(Path directory) {
        if (!GuardFile.exists(directory)) {
            return null;
        }
        try {
            return current(directory);
        } catch (LockException e) {
            return null;
        }
    }

    /** Called after a byte of {@code guard} was let go: a replaced guard is closed once unused. */
    static synchronized void released(Path directory, GuardFile guard) {
        if (CURRENT.get(directory) != guard) {
            guard.closeIfUnused();
        }
    }
}
