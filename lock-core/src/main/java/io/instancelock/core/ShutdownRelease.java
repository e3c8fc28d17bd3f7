package io.instancelock.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Releases every lock still held when the JVM exits normally, so a clean exit leaves no lock file.
 *
 * <p>A lock whose recorded bot still runs is left in place: its record keeps the account held until
 * that bot exits, and whoever started the bot releases the lock once it has stopped. Releasing it here
 * would let a second bot in beside the running one.
 */
final class ShutdownRelease {

    private static final Set<LockHandle> HELD = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ShutdownRelease::releaseAll, "instance-lock-release"));
    }

    private ShutdownRelease() {}

    static void track(LockHandle handle) {
        HELD.add(handle);
    }

    static void untrack(LockHandle handle) {
        HELD.remove(handle);
    }

    private static boolean botStillRuns(LockHandle handle) {
        return handle.record()
                .botProcess()
                .flatMap(bot -> ProcessHandle.of(bot.pid()))
                .map(ProcessHandle::isAlive)
                .orElse(false);
    }

    private static void releaseAll() {
        for (LockHandle handle : HELD) {
            if (botStillRuns(handle)) {
                continue;
            }
            try {
                handle.close();
            } catch (RuntimeException e) {
                System.getLogger(ShutdownRelease.class.getName())
                        .log(System.Logger.Level.WARNING, "could not release " + handle + " at exit", e);
            }
        }
    }
}
