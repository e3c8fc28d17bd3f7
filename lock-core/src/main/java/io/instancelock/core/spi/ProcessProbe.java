package io.instancelock.core.spi;

/**
 * Asks the operating system about processes where the JDK cannot (another user's process hidden from
 * {@link ProcessHandle}, a process group): an optional service, registered in
 * {@code META-INF/services/io.instancelock.core.spi.ProcessProbe} by a module with native access.
 * Core asks it only when its own means give no answer.
 */
public interface ProcessProbe {

    /** An answer about a process or a group. */
    enum Liveness {
        ALIVE,
        DEAD,
        /** The OS would not say. */
        UNKNOWN
    }

    /** Whether a process with this id exists. */
    Liveness liveness(long pid);

    /** Whether any process is in the process group {@code pgid}. */
    default Liveness groupLiveness(long pgid) {
        return Liveness.UNKNOWN;
    }
}
