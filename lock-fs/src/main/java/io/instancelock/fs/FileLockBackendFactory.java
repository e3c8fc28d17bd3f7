package io.instancelock.fs;

import io.instancelock.core.LockException;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.LockBackendFactory;
import io.instancelock.fs.internal.FileLockBackend;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Serves lock directories on the local file system: a path, or a {@code file:} URI. A location with
 * any other scheme ({@code postgresql://...}, {@code jdbc:...}) is another backend's, never a path.
 */
public final class FileLockBackendFactory implements LockBackendFactory {

    private static final String FILE_SCHEME = "file:";

    /** A URI scheme: a letter, then letters, digits, {@code + . -}, then a colon; not a Windows drive ({@code C:}). */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*", Pattern.DOTALL);

    @Override
    public String name() {
        return "file system";
    }

    @Override
    public boolean accepts(String location) {
        return location.startsWith(FILE_SCHEME) || !SCHEME.matcher(location).matches();
    }

    @Override
    public LockBackend open(String location, Clock clock) {
        return FileLockBackend.open(pathOf(location));
    }

    private static Path pathOf(String location) {
        try {
            return location.startsWith(FILE_SCHEME) ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new LockException("'" + location + "' is not a usable lock directory (" + e.getMessage()
                    + "): give a path, or a URI such as file:///home/me/locks");
        }
    }
}
