package io.instancelock.fs.internal;

import java.io.IOException;
import java.nio.channels.FileLock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a guard byte with a timeout and interruption, which {@code FileChannel.lock} lacks.
 *
 * <p>On Linux the caller's own thread blocks in the kernel ({@link NativeWait}), so a hand-over wakes
 * one thread, not two. Elsewhere on POSIX (and on Linux when that path is unavailable) the blocking
 * call runs on a waiter thread of the library's own, which nobody interrupts
 * (an interrupt would close the shared guard channel and drop every lock this JVM holds through it). A
 * caller that stops waiting leaves the wait behind, <em>abandoned</em>: when it is granted, the byte is
 * let go at once, unless a new claimant of this JVM has adopted the wait in the meantime. So a wait
 * always ends on time and leaves nothing held.
 *
 * <p>On Windows a blocked {@code LockFileEx} would stall every other operation on the shared guard
 * handle, and can be ended only by closing it: there the wait polls with {@code tryLock} instead
 * ({@link #POLL_INTERVAL_MILLIS}). Tests choose the polling path on any OS with the system property
 * {@code instancelock.fs.wait=poll}.
 */
final class KernelWait {

    static final long POLL_INTERVAL_MILLIS = 2;

    /** Whether waits poll (Windows) instead of blocking in the kernel; tests of this package may set it. */
    static volatile boolean poll = System.getProperty("os.name", "").startsWith("Windows")
            || "poll".equals(System.getProperty("instancelock.fs.wait"));

    private static final ExecutorService WAITERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "instance-lock-wait");
        thread.setDaemon(true);
        return thread;
    });

    private static final Map<Key, Pending> PENDING = new ConcurrentHashMap<>();

    private record Key(GuardFile guard, long offset) {}

    private KernelWait() {}

    /**
     * Takes the guard byte, waiting until the deadline ({@link System#nanoTime()}).
     *
     * @return the lock, or null when the deadline passed
     * @throws InterruptedException when the caller is interrupted; nothing is held then
     */
    static FileLock lock(GuardFile guard, long offset, long deadline, boolean forever) throws InterruptedException {
        FileLock now = guard.tryLock(offset);
        if (now != null) {
            return now;
        }
        if (poll) {
            return poll(guard, offset, deadline, forever);
        }
        int descriptor = guard.waitDescriptor();
        if (descriptor >= 0) {
            return inCallerThread(guard, descriptor, offset, deadline, forever);
        }
        Key key = new Key(guard, offset);
        Pending pending = PENDING.compute(key, (k, existing) -> {
            if (existing != null && existing.adopt()) {
                return existing;
            }
            if (!guard.startWaiting(offset)) {
                return null; // held in this JVM after all: the caller's in-process claim says who
            }
            Pending started = new Pending(guard, offset);
            WAITERS.execute(() -> started.run(key));
            return started;
        });
        if (pending == null) {
            return null;
        }
        FileLock lock = pending.await(deadline, forever);
        if (lock == null && pending.failed()) {
            // The kernel would not wait (a cycle between processes, see inCallerThread, or no lock support
            // at all): poll for the rest of the time; a file system without locks fails its first tryLock.
            return poll(guard, offset, deadline, forever);
        }
        return lock;
    }

    /**
     * Waits in the caller's thread ({@link NativeWait}). A byte this JVM already holds or waits for
     * (two accounts whose bytes collide, see {@link GuardOffsets}) is polled for instead, as is one the
     * kernel will not wait for because the wait would close a cycle between processes: POSIX locks
     * belong to whole processes, so two JVMs that each hold one account and wait for the other's look
     * deadlocked to the kernel even when different threads do each.
     */
    private static FileLock inCallerThread(GuardFile guard, int descriptor, long offset, long deadline, boolean forever)
            throws InterruptedException {
        if (!guard.startWaiting(offset)) {
            return poll(guard, offset, deadline, forever);
        }
        NativeWait.Outcome outcome;
        try {
            outcome = NativeWait.await(descriptor, offset, deadline, forever);
        } catch (InterruptedException | RuntimeException | Error e) {
            guard.stopWaiting(offset);
            throw e;
        }
        if (outcome == NativeWait.Outcome.TAKEN) {
            return guard.takeOverWaited(offset);
        }
        guard.stopWaiting(offset);
        // Refused, like a failed wait on a waiter thread: poll for the rest of the time.
        return outcome == NativeWait.Outcome.REFUSED ? poll(guard, offset, deadline, forever) : null;
    }

    private static FileLock poll(GuardFile guard, long offset, long deadline, boolean forever)
            throws InterruptedException {
        while (true) {
            FileLock lock = guard.tryLock(offset);
            if (lock != null) {
                return lock;
            }
            if (!forever && System.nanoTime() - deadline >= 0) {
                return null;
            }
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL_MILLIS);
        }
    }

    /** Whether a wait (perhaps abandoned) for this byte is in progress in this JVM. */
    static boolean pending(GuardFile guard, long offset) {
        return PENDING.containsKey(new Key(guard, offset));
    }

    /**
     * One kernel wait. Invariant, under this object's monitor: once granted, the lock is handed to
     * exactly one party, the claimant waiting in {@link #await}, or (when none waits any more) the
     * release in {@link #run}.
     */
    private static final class Pending {
        private final GuardFile guard;
        private final long offset;
        private FileLock granted;
        private IOException failure;
        private boolean done;
        private boolean abandoned;

        Pending(GuardFile guard, long offset) {
            this.guard = guard;
            this.offset = offset;
        }

        /** Takes over an abandoned wait; false when it has already ended. */
        synchronized boolean adopt() {
            if (done) {
                return false;
            }
            abandoned = false;
            return true;
        }

        synchronized FileLock await(long deadline, boolean forever) throws InterruptedException {
            try {
                while (!done) {
                    if (forever) {
                        wait();
                    } else {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            abandoned = true;
                            return null;
                        }
                        TimeUnit.NANOSECONDS.timedWait(this, left);
                    }
                }
            } catch (InterruptedException e) {
                abandoned = true;
                throw e;
            }
            if (failure != null) {
                return null;
            }
            FileLock lock = granted;
            granted = null;
            return lock;
        }

        synchronized boolean failed() {
            return failure != null;
        }

        /** Runs on a waiter thread. */
        void run(Key key) {
            FileLock lock = null;
            IOException failed = null;
            try {
                lock = guard.lockBlocking(offset);
            } catch (IOException e) {
                failed = e;
            }
            synchronized (this) {
                done = true;
                if (lock == null) {
                    guard.stopWaiting(offset);
                    failure = failed;
                } else if (abandoned) {
                    guard.release(lock);
                } else {
                    guard.waited(offset);
                    granted = lock;
                }
                notifyAll();
            }
            // Outside the monitor: compute() in lock() holds the map's bin while it calls adopt().
            PENDING.remove(key, this);
        }
    }
}
