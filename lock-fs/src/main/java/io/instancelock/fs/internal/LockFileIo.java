package io.instancelock.fs.internal;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.spi.SlotContent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Opening, reading and writing one lock file's bytes. */
final class LockFileIo {

    /**
     * The OS lock covers one byte far beyond the JSON, so that on Windows, where a locked range cannot
     * be read by other processes, everyone can still read who holds the lock.
     */
    static final long LOCK_POSITION = Long.MAX_VALUE - 1;

    /** A lock record is a few hundred bytes; anything much larger is not one, and is not read whole. */
    static final int MAX_BYTES = 64 * 1024;

    private LockFileIo() {}

    /** Opens (creating if missing) a lock file for claiming; links are refused, never followed. */
    static FileChannel openForClaim(Path file) {
        requireRegularOrMissing(file);
        try {
            return FileChannel.open(
                    file,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE,
                    LinkOption.NOFOLLOW_LINKS);
        } catch (AccessDeniedException e) {
            throw new LockException(
                    "cannot create or open lock file " + file + ": permission denied. "
                            + "Make its directory writable for this user, or choose another lock directory",
                    e);
        } catch (FileSystemException e) {
            throw new LockException(
                    "cannot open lock file " + file + ": " + reason(e)
                            + ". Remove whatever is in its place, or choose another lock directory",
                    e);
        } catch (IOException e) {
            throw new LockException("cannot open lock file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Opens an existing lock file for reading only, or returns null when it does not exist. */
    static FileChannel openForReading(Path file) throws IOException {
        try {
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Why a path cannot be a lock file (a link, a directory, a device), or null when it can. */
    static String notALockFile(Path file) {
        try {
            BasicFileAttributes attributes =
                    Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
                return "it is a symbolic link, which instance-lock never follows; delete the link";
            }
            if (!attributes.isRegularFile()) {
                return "it is not a regular file; remove it from the lock directory";
            }
            return null;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return "it cannot be examined: " + e.getMessage();
        }
    }

    private static void requireRegularOrMissing(Path file) {
        String problem = notALockFile(file);
        if (problem != null) {
            throw new LockException("cannot use lock file " + file + ": " + problem);
        }
    }

    /** Reads the whole file through the channel, positionally, so that it can be shared across threads. */
    static RecordCodec.Decoded read(FileChannel channel, AccountId account) throws IOException {
        long size = channel.size();
        if (size > MAX_BYTES) {
            return new RecordCodec.Decoded.Content(
                    new SlotContent.Unreadable("the file is " + size + " bytes, far larger than a lock record"));
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) size);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, buffer.position()) < 0) {
                break;
            }
        }
        byte[] bytes = new byte[buffer.position()];
        buffer.flip().get(bytes);
        return RecordCodec.decode(bytes, account);
    }

    /** Replaces the file's content with {@code bytes}. */
    static void write(FileChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer, buffer.position());
        }
        channel.truncate(bytes.length);
    }

    static String reason(FileSystemException e) {
        return e.getReason() != null ? e.getReason() : e.getClass().getSimpleName();
    }
}
