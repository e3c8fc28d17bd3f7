package io.instancelock.fs.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock files this JVM claims and holds, shared by every backend instance in it.
 *
 * <p>POSIX record locks belong to the process, and closing <em>any</em> descriptor of a file drops
 * them all. So these invariants hold for every lock file, keyed by its path (folded to lower case in a
 * case-insensitive directory, where {@code AB} and {@code ab} are one file), each enforced under the
 * key's guard:
 *
 * <ol>
 *   <li>At most one caller in this JVM claims a lock file at a time, from the start of its claim until
 *       its slot is let go; a claim for another account id that names the same file is refused.
 *   <li>Only the claimant opens a descriptor of the file to lock it, under the guard; an observer
 *       (inspect, list) opens one of its own only while no slot holds the file, and holds the guard
 *       until it has closed it again. So no observer's descriptor is ever open while this JVM holds
 *       the file's OS lock.
 *   <li>While a slot holds the file, observers read through the slot's descriptor and never close it.
 *   <li>No descriptor of a file this JVM holds (found by its device and inode: a hard link, a second
 *       path) is opened under another key.
 * </ol>
 */
final class OpenLockFiles {

    static final OpenLockFiles INSTANCE = new OpenLockFiles();

    private static final int STRIPES = 64;

    private final ReentrantLock[] guards = new ReentrantLock[STRIPES];
    private final Map<Path, String> claimants = new ConcurrentHashMap<>();
    private final Map<Path, LockFileSlot> holders = new ConcurrentHashMap<>();
    private final Map<Object, LockFileSlot> byIdentity = new ConcurrentHashMap<>();

    private OpenLockFiles() {
        for (int i = 0; i < STRIPES; i++) {
            guards[i] = new ReentrantLock();
        }
    }

    /** The guard of a key; the methods below that change state must be called while holding it. */
    ReentrantLock guard(Path key) {
        return guards[Math.floorMod(key.hashCode(), STRIPES)];
    }

    /** The account id that claims the key, or null. */
    String claimant(Path key) {
        return claimants.get(key);
    }

    void claim(Path key, String account) {
        claimants.put(key, account);
    }

    void unclaim(Path key) {
        claimants.remove(key);
    }

    LockFileSlot holder(Path key) {
        return holders.get(key);
    }

    /** The slot that holds the file with this identity, if this JVM holds it under any key. */
    LockFileSlot holderOf(Object identity) {
        return identity == null ? null : byIdentity.get(identity);
    }

    void hold(Path key, LockFileSlot slot, Object identity) {
        holders.put(key, slot);
        if (identity != null) {
            byIdentity.put(identity, slot);
        }
    }

    /** The slot now holds another file (a restored or adopted one) under the same key. */
    void moved(LockFileSlot slot, Object from, Object to) {
        if (from != null) {
            byIdentity.remove(from, slot);
        }
        if (to != null) {
            byIdentity.put(to, slot);
        }
    }

    void letGo(Path key, LockFileSlot slot, Object identity) {
        holders.remove(key, slot);
        if (identity != null) {
            byIdentity.remove(identity, slot);
        }
        claimants.remove(key);
    }
}
