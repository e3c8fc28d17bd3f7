package io.instancelock.fs;

import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.LockBackendFactory;
import io.instancelock.fs.internal.FileLockBackend;
import java.nio.file.Path;
import java.time.Clock;

/** Serves lock directories on the local file system: any location that is not a URI of another scheme. */
public final class FileLockBackendFactory implements LockBackendFactory {

    private static final String FILE_SCHEME = "file:";

    @Override
    public String name() {
        return "file system";
    }

    @Override
    public boolean accepts(String location) {
        return location.startsWith(FILE_SCHEME) || !location.matches("^[A-Za-z][A-Za-z0-9+.-]+://.*");
    }

    @Override
    public LockBackend open(String location, Clock clock) {
        Path directory = location.startsWith(FILE_SCHEME) ? Path.of(java.net.URI.create(location)) : Path.of(location);
        return FileLockBackend.open(directory);
    }
}
