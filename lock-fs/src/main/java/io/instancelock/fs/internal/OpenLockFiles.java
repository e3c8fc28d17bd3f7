package io.instancelock.fs.internal;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock files this JVM has open, shared by every backend instance in it.
 *
 * <p>POSIX record locks belong to the process, and closing <em>any</em> descriptor of a file drops
 * them all. So these invariants hold for every lock file path, each enforced under the path's guard:
 *
 * <ol>
 *   <li>At most one caller in this JVM (the <em>owner</em>) claims or holds the path's OS lock, through
 *       the one channel registered here; a second claimant waits for {@link #released} or is refused.
 *   <li>An observer (inspect, list) opens and closes a descriptor of its own only while the path has
 *       no owner, and holds the guard throughout; owners register under the same guard, so no OS lock
 *       is ever taken in this JVM while an observer's descriptor is open.
 *   <li>While the path has an owner, observers read through the owner's channel and never close it;
 *       only the owner closes it, under the guard, as it unregisters.
 * </ol>
 */
final class OpenLockFiles {

    static final OpenLockFiles INSTANCE = new OpenLockFiles();

    private static final int STRIPES = 64;

    /** An owner's channel and, once taken, its OS lock. */
    static final class Owner {
        final FileChannel channel;
        volatile FileLock lock;

        Owner(FileChannel channel) {
            this.channel = channel;
        }

        boolean holdsLock() {
            return lock != null;
        }
    }

    private final ReentrantLock[] guards = new ReentrantLock[STRIPES];
    private final Condition[] releases = new Condition[STRIPES];
    private final ConcurrentHashMap<Path, Owner> owners = new ConcurrentHashMap<>();

    private OpenLockFiles() {
        for (int i = 0; i < STRIPES; i++) {
            guards[i] = new ReentrantLock();
            releases[i] = guards[i].newCondition();
        }
    }

    /** The guard of a path; every other method here must be called while holding it. */
    ReentrantLock guard(Path file) {
        return guards[stripe(file)];
    }

    Owner owner(Path file) {
        return owners.get(file);
    }

    Owner register(Path file, FileChannel channel) {
        Owner owner = new Owner(channel);
        Owner previous = owners.putIfAbsent(file, owner);
        if (previous != null) {
            throw new IllegalStateException("a second owner for " + file + " breaks invariant 1");
        }
        return owner;
    }

    void unregister(Path file, Owner owner) {
        owners.remove(file, owner);
        releases[stripe(file)].signalAll();
    }

    /** Waits until the path has no owner; false when the deadline ({@link System#nanoTime()}) passed. */
    boolean awaitNoOwner(Path file, long deadlineNanos, boolean forever) throws InterruptedException {
        Condition released = releases[stripe(file)];
        while (owners.containsKey(file)) {
            if (forever) {
                released.await();
            } else {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                released.await(left, TimeUnit.NANOSECONDS);
            }
        }
        return true;
    }

    private static int stripe(Path file) {
        return Math.floorMod(file.hashCode(), STRIPES);
    }
}
