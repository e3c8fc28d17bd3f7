package io.instancelock.fs.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * Words an I/O failure for a person. The JDK's file exceptions carry the path as their message and
 * say what went wrong only in their class name ({@code NoSuchFileException: /a/b} is all a message
 * would otherwise show), or in a separate reason the message joins after a colon.
 */
final class IoProblems {

    private IoProblems() {}

    /** What went wrong and where, e.g. {@code "no such file or directory: /a/b"}. */
    static String describe(IOException e) {
        if (e instanceof FileSystemException failed) {
            String where = failed.getOtherFile() == null
                    ? String.valueOf(failed.getFile())
                    : failed.getFile() + " -> " + failed.getOtherFile();
            String what = failed.getReason() != null ? lowerFirst(failed.getReason()) : kind(failed);
            return what + ": " + where;
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static String kind(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        return "cannot be used";
    }

    private static String lowerFirst(String reason) {
        return reason.isEmpty() ? reason : Character.toLowerCase(reason.charAt(0)) + reason.substring(1);
    }
}
