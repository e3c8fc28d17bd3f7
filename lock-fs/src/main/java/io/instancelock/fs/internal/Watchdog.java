package io.instancelock.fs.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at every held lock file of this JVM every {@link #INTERVAL}, on one daemon thread of the
 * library's own: a deleted or replaced file is back (or its loss reported) within that time.
 */
final class Watchdog {

    static final Duration INTERVAL = Duration.ofMillis(200);

    /**
     * Made on first use: {@code System.getLogger} starts the logging back-end at once, which costs a
     * command-line tool milliseconds on every lock it takes, though it rarely logs anything.
     */
    private static final class Log {
        static final System.Logger LOG = System.getLogger(Watchdog.class.getName());
    }

    private static final Set<LockFileSlot> WATCHED = ConcurrentHashMap.newKeySet();
    private static ScheduledExecutorService timer;

    private Watchdog() {}

    static void watch(LockFileSlot slot) {
        WATCHED.add(slot);
        start();
    }

    static void unwatch(LockFileSlot slot) {
        WATCHED.remove(slot);
    }

    private static synchronized void start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "instance-lock-watch");
                thread.setDaemon(true);
                return thread;
            });
            long millis = INTERVAL.toMillis();
            timer.scheduleWithFixedDelay(Watchdog::checkAll, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private static void checkAll() {
        for (LockFileSlot slot : WATCHED) {
            try {
                String loss = slot.check();
                if (loss != null) {
                    WATCHED.remove(slot);
                    slot.lose(loss);
                }
            } catch (RuntimeException e) {
                // One slot's trouble must not stop the watch of the others.
                Log.LOG.log(Level.WARNING, "checking " + slot.location() + " failed: " + e);
            }
        }
    }
}
