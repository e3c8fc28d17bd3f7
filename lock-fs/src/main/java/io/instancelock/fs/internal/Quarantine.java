package io.instancelock.fs.internal;

import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Descriptors that must never be closed: opened on a file another caller of this JVM holds under
 * another name (a hard link, a case-insensitive twin), where closing would drop that caller's OS lock.
 * Kept open for the life of the JVM; this happens only when a lock directory holds such links.
 */
final class Quarantine {

    private static final List<RandomAccessFile> KEPT = new ArrayList<>();

    private Quarantine() {}

    static synchronized void keep(RandomAccessFile file) {
        KEPT.add(file);
    }
}
