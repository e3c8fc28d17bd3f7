package io.instancelock.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The physical floors: the least a lock built on {@link FileChannel} must do for each operation, with
 * none of instance-lock's checks, on the same byte that lock-fs locks.
 */
final class Floors {

    /** The byte lock-fs locks (far past the JSON, so that Windows readers can read it). */
    static final long LOCK_POSITION = Long.MAX_VALUE - 1;

    /** lock-fs reads at most this much of a lock file. */
    static final int MAX_BYTES = 64 * 1024;

    private Floors() {}

    /** The floor: open + tryLock + write the JSON + release + delete + close. */
    static void lockWriteRelease(Path file, byte[] json) throws IOException {
        try (FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock(LOCK_POSITION, 1, false);
            if (lock == null) {
                throw new IllegalStateException(file + " is locked by another process");
            }
            channel.write(ByteBuffer.wrap(json), 0);
            lock.release();
            Files.delete(file);
        }
    }

    /**
     * The floor plus the steps lock-fs's protocol needs for safety: refuse links (an lstat first),
     * read what was there, truncate after writing, and write a retirement marker before deleting
     * (and only then let the OS lock go).
     */
    static void lockWriteReleaseWithProtocolSteps(Path file, byte[] json, byte[] marker) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IllegalStateException(file + " is a link");
        }
        try (FileChannel channel = FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            FileLock lock = channel.tryLock(LOCK_POSITION, 1, false);
            if (lock == null) {
                throw new IllegalStateException(file + " is locked by another process");
            }
            channel.read(ByteBuffer.allocate((int) channel.size()), 0);
            channel.write(ByteBuffer.wrap(json), 0);
            channel.truncate(json.length);
            channel.write(ByteBuffer.wrap(marker), 0);
            channel.truncate(marker.length);
            Files.delete(file);
        }
    }

    /**
     * Inspect's floor: open for reading, probe the OS lock with a shared tryLock, read the bytes,
     * close. Returns the bytes read, or -1 when there is no file. Files larger than lock-fs reads are
     * not read.
     */
    static int inspect(Path file, ByteBuffer buffer) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return -1;
        }
        try (channel) {
            FileLock probe = channel.tryLock(LOCK_POSITION, 1, true);
            if (probe != null) {
                probe.release();
            }
            buffer.clear();
            if (channel.size() > MAX_BYTES) {
                return 0;
            }
            return Math.max(0, channel.read(buffer, 0));
        }
    }

    /** List's floor: the sorted lock file names, each given {@link #inspect}. Returns the bytes read. */
    static long list(Path dir, ByteBuffer buffer) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "account_*.lock")) {
            entries.forEach(files::add);
        }
        files.sort(null);
        long total = 0;
        for (Path file : files) {
            total += Math.max(0, inspect(file, buffer));
        }
        return total;
    }
}
