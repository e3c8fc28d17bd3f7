package io.instancelock.fs.internal;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.SlotContent;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;

/**
 * Opening, reading and writing one lock file's bytes.
 *
 * <p>Every read and write goes through {@link RandomAccessFile}, whose I/O, unlike a
 * {@link java.nio.channels.FileChannel}'s, cannot be interrupted: an interrupted thread (a thread
 * pool's leftover interrupt, a cancelled future) that reads a held lock file must not close its
 * descriptor, which on POSIX would drop the process's OS lock. Links are refused: the path is
 * examined without following links before it is opened and again after, and a file that was not the
 * regular file examined is let go unused.
 */
final class LockFileIo {

    /**
     * The OS lock covers one byte far beyond the JSON, so that on Windows, where a locked range cannot
     * be read by other processes, everyone can still read who holds the lock.
     */
    static final long LOCK_POSITION = Long.MAX_VALUE - 1;

    /** A lock record is a few hundred bytes; anything much larger is not one, and is not read whole. */
    static final int MAX_BYTES = 64 * 1024;

    private LockFileIo() {}

    /** An open lock file and the identity (device and inode) of the file it opened. */
    record Opened(RandomAccessFile file, Object identity, boolean created) {}

    /**
     * Opens (creating if missing) a lock file for claiming; links are refused, never followed.
     *
     * @return the open file, or null when it changed while being opened (the caller starts over)
     * @throws LockException when the path cannot be a lock file or cannot be opened, naming why
     */
    static Opened openForClaim(Path file) {
        return openForClaim(file, identity -> {});
    }

    /**
     * As {@link #openForClaim(Path)}; {@code beforeOpening} sees the identity of the file found at the
     * path (null when there is none) before any descriptor of it is opened, and may refuse it by throwing.
     */
    static Opened openForClaim(Path file, java.util.function.Consumer<Object> beforeOpening) {
        Opened created = openCreated(file);
        if (created != null) {
            return created;
        }
        BasicFileAttributes before = attributes(file);
        requireLockFile(file, before);
        beforeOpening.accept(before == null ? null : before.fileKey());
        RandomAccessFile opened;
        try {
            opened = new RandomAccessFile(file.toFile(), "rw");
        } catch (FileNotFoundException e) {
            throw cannotOpen(file, e);
        }
        BasicFileAttributes after = attributes(file);
        if (after == null
                || !after.isRegularFile()
                || (before != null && !Objects.equals(before.fileKey(), after.fileKey()))) {
            // Replaced between the look and the open: what we opened may not be what the path names.
            closeQuietly(opened);
            return null;
        }
        return new Opened(opened, after.fileKey(), before == null);
    }

    /**
     * Creates the file if nothing is at the path and opens it; null when something is there (or the
     * create failed: the caller's look names why). The usual case of a claim, and a hand-over's: the
     * releaser deleted the file. The create is exclusive ({@code O_CREAT|O_EXCL}), which never follows
     * a link, so it is the look before the open; looking first would cost a hand-over the
     * {@link NoSuchFileException} of a missing file (some 30 us, most of it its stack trace).
     */
    private static Opened openCreated(Path file) {
        File path = file.toFile();
        try {
            if (!path.createNewFile()) {
                return null;
            }
        } catch (IOException | SecurityException e) {
            return null;
        }
        RandomAccessFile opened;
        try {
            opened = new RandomAccessFile(path, "rw");
        } catch (FileNotFoundException e) {
            return null; // removed again at once: look as usual
        }
        BasicFileAttributes after = attributes(file);
        if (after == null || !after.isRegularFile()) {
            // Replaced between the create and the open: what we opened may not be what the path names.
            closeQuietly(opened);
            return null;
        }
        return new Opened(opened, after.fileKey(), true);
    }

    /**
     * Opens an existing lock file for reading only.
     *
     * @return the open file, or null when there is none
     * @throws IOException when it cannot be read
     */
    static Opened openForReading(Path file) throws IOException {
        BasicFileAttributes before = attributes(file);
        if (before == null) {
            return null;
        }
        RandomAccessFile opened;
        try {
            opened = new RandomAccessFile(file.toFile(), "r");
        } catch (FileNotFoundException e) {
            if (reasonOf(e).contains("No such file")) {
                return null; // removed between the look and the open: a release
            }
            throw new AccessDeniedException(file.toString(), null, reasonOf(e));
        }
        BasicFileAttributes after = attributes(file);
        if (after == null || !Objects.equals(before.fileKey(), after.fileKey())) {
            closeQuietly(opened);
            return null;
        }
        return new Opened(opened, after.fileKey(), false);
    }

    /** The path's attributes without following links, or null when nothing is there. */
    static BasicFileAttributes attributes(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new LockException("cannot examine lock file " + file + ": " + IoProblems.describe(e), e);
        }
    }

    /** Why a path cannot be a lock file (a link, a directory, a device), or null when it can. */
    static String notALockFile(BasicFileAttributes attributes) {
        if (attributes == null || attributes.isRegularFile()) {
            return null;
        }
        if (attributes.isSymbolicLink()) {
            return "it is a symbolic link, which instance-lock never follows; delete the link";
        }
        return "it is not a regular file; remove it from the lock directory";
    }

    /** Why a path cannot be a lock file, examined now, or null when it can. */
    static String notALockFile(Path file) {
        try {
            return notALockFile(attributes(file));
        } catch (LockException e) {
            return "it cannot be examined: " + e.getMessage();
        }
    }

    private static void requireLockFile(Path file, BasicFileAttributes attributes) {
        String problem = notALockFile(attributes);
        if (problem != null) {
            throw new LockException("cannot use lock file " + file + ": " + problem);
        }
    }

    /**
     * What a lock file holds, read whole from its start. The bytes are decoded only when asked what
     * they mean: a holder that finds its own bytes (the release, the watchdog's look) needs no parse.
     */
    static final class Snapshot {
        private final byte[] bytes;
        private final AccountId account;
        private SlotContent content;

        private Snapshot(byte[] bytes, AccountId account, SlotContent content) {
            this.bytes = bytes;
            this.account = account;
            this.content = content;
        }

        /** The bytes read, or null when the file is far larger than a lock record (then it is not read). */
        byte[] bytes() {
            return bytes;
        }

        /** What the bytes mean for the account, decoded on first use. */
        SlotContent content() {
            SlotContent decoded = content;
            if (decoded == null) {
                decoded = RecordCodec.decode(bytes, account);
                content = decoded;
            }
            return decoded;
        }

        /** Whether the file still holds exactly {@code expected}. */
        boolean holds(byte[] expected) {
            return bytes != null && expected != null && java.util.Arrays.equals(bytes, expected);
        }
    }

    /** Reads the whole file from its start. */
    static Snapshot read(RandomAccessFile file, AccountId account) throws IOException {
        long size = file.length();
        if (size == 0) {
            return new Snapshot(new byte[0], account, null);
        }
        if (size > MAX_BYTES) {
            return new Snapshot(
                    null,
                    account,
                    new SlotContent.Unreadable("the file is " + size + " bytes, far larger than a lock record"));
        }
        byte[] bytes = new byte[(int) size];
        file.seek(0);
        int read = 0;
        while (read < bytes.length) {
            int n = file.read(bytes, read, bytes.length - read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        byte[] whole = read == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, read);
        return new Snapshot(whole, account, null);
    }

    /**
     * Replaces the file's content with {@code bytes}.
     *
     * @param sizeBefore the file's length as last read or written, or -1 when not known; the file is
     *     cut to the new length only when it may have been longer (a truncate costs three system calls)
     */
    static void write(RandomAccessFile file, byte[] bytes, long sizeBefore) throws IOException {
        FaultHooks.beforeWrite();
        file.seek(0);
        file.write(bytes);
        if (sizeBefore < 0 || sizeBefore > bytes.length) {
            file.setLength(bytes.length);
        }
    }

    /**
     * What a file read holds, a record with the file's modification time where its judgement needs it:
     * an older launcher's (see {@link SlotContent.Present}). Not asked for our own records, whose
     * take-over after a crash it would slow by a look at the file.
     */
    static SlotContent dated(SlotContent read, Path file) {
        if (read instanceof SlotContent.Present present
                && present.record().origin() != RecordOrigin.INSTANCE_LOCK
                && present.writtenAt() == null) {
            return new SlotContent.Present(present.record(), modified(file));
        }
        return read;
    }

    /** When the file at the path was last written, or null when that cannot be read. */
    static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static void closeQuietly(RandomAccessFile file) {
        try {
            file.close();
        } catch (IOException ignored) {
            // Closing frees the descriptor (and its OS locks) whatever the outcome.
        }
    }

    private static LockException cannotOpen(Path file, FileNotFoundException e) {
        String reason = reasonOf(e);
        if (reason.contains("Permission denied") || reason.contains("Access is denied")) {
            return new LockException(
                    "cannot create or open lock file " + file + ": permission denied. "
                            + "Make its directory writable for this user, or choose another lock directory",
                    e);
        }
        if (!Files.isDirectory(file.getParent())) {
            return new LockException(
                    "cannot open lock file " + file + ": its directory " + file.getParent() + " is missing", e);
        }
        return new LockException(
                "cannot open lock file " + file + ": " + reason
                        + ". Remove whatever is in its place, or choose another lock directory",
                e);
    }

    /** The OS's words from a {@link FileNotFoundException}: its message is {@code path (reason)}. */
    private static String reasonOf(FileNotFoundException e) {
        String message = String.valueOf(e.getMessage());
        int open = message.lastIndexOf(" (");
        return open >= 0 && message.endsWith(")") ? message.substring(open + 2, message.length() - 1) : message;
    }

    /** Whether an open failed because of permissions (on Windows also a file that is being deleted). */
    static boolean deniedAccess(LockException e) {
        return e.getCause() instanceof FileNotFoundException notFound
                && (reasonOf(notFound).contains("Access is denied")
                        || reasonOf(notFound).contains("Permission denied"));
    }

    static File fileOf(Path path) {
        return path.toFile();
    }
}
