package io.instancelock.fs;

import io.instancelock.core.LockException;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.LockBackendFactory;
import io.instancelock.fs.internal.FileLockBackend;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Serves lock directories on the local file system: a path, or a {@code file:} URI. A location with
 * any other scheme ({@code postgresql://...}, {@code jdbc:...}) is another backend's, never a path.
 */
public final class FileLockBackendFactory implements LockBackendFactory {

    private static final String FILE_SCHEME = "file:";

    @Override
    public String name() {
        return "file system";
    }

    @Override
    public boolean accepts(String location) {
        return location.startsWith(FILE_SCHEME) || !hasScheme(location);
    }

    /**
     * Whether the location starts with a URI scheme: a letter, then letters, digits, {@code + . -}, then
     * a colon; not a Windows drive ({@code C:}). By hand, not a regular expression: {@code java.util.regex}
     * costs a command-line tool milliseconds of start-up.
     */
    static boolean hasScheme(String location) {
        int colon = location.indexOf(':');
        if (colon < 2 || !isAsciiLetter(location.charAt(0))) {
            return false;
        }
        for (int i = 1; i < colon; i++) {
            char c = location.charAt(i);
            if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
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
