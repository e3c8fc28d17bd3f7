package io.instancelock.core;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The accounts that callers in this JVM claim or hold, for every backend: a second claim of one
 * account of one location inside one JVM is refused (or waits) here, before any backend is asked.
 *
 * <p>Invariant, enforced under {@link #lock}: at most one caller in this JVM holds a key between a
 * successful claim and its release, whichever {@link AccountLocks} instance it went through.
 */
final class InProcessClaims {

    static final InProcessClaims INSTANCE = new InProcessClaims();

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final Set<String> claimed = new HashSet<>();

    private InProcessClaims() {}

    static String key(String location, AccountId account) {
        return location + '\u0000' + account.value();
    }

    /** Claims the key if nobody in this JVM has it. */
    boolean tryClaim(String key) {
        lock.lock();
        try {
            return claimed.add(key);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Claims the key, waiting until it is free or the deadline ({@link System#nanoTime()}) passes.
     *
     * @return false when the deadline passed
     * @throws InterruptedException when interrupted while waiting (nothing is claimed then)
     */
    boolean claim(String key, long deadlineNanos) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (!claimed.add(key)) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                released.await(left, TimeUnit.NANOSECONDS);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a caller in this JVM claims or holds the key. */
    boolean isClaimed(String key) {
        lock.lock();
        try {
            return claimed.contains(key);
        } finally {
            lock.unlock();
        }
    }

    void release(String key) {
        lock.lock();
        try {
            if (claimed.remove(key)) {
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
