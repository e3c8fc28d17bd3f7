package io.instancelock.core.spi;

import java.time.Clock;

/**
 * Creates a backend for a lock location. Registered in
 * {@code META-INF/services/io.instancelock.core.spi.LockBackendFactory}.
 */
public interface LockBackendFactory {

    /** A short name for messages, e.g. {@code file system}. */
    String name();

    /**
     * Whether this backend serves the location: a URI of its scheme (e.g. {@code postgresql://...}),
     * or, for the file system, a {@code file:} URI or a path. A location with any other scheme, such
     * as {@code jdbc:...}, is never taken for a path.
     */
    boolean accepts(String location);

    /**
     * Opens the backend.
     *
     * @throws io.instancelock.core.LockException when the location cannot be used, naming it and why
     */
    LockBackend open(String location, Clock clock);
}
