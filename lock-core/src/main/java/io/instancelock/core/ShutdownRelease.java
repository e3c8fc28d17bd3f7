package io.instancelock.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Releases every lock still held when the JVM exits normally, so a clean exit leaves no lock file. */
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

    private static void releaseAll() {
        for (LockHandle handle : HELD) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                System.getLogger(ShutdownRelease.class.getName())
                        .log(System.Logger.Level.WARNING, "could not release " + handle + " at exit", e);
            }
        }
    }
}
