package io.instancelock.core;

import java.util.Objects;

/**
 * A lock could not be taken, inspected or released for a reason the caller cannot prevent, such as an
 * unusable lock directory or an unreachable lock server. The message names the problem and, where
 * there is one, the fix; {@link #kind()} tells front ends which it is (for an exit code, say).
 */
public class LockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of problem stopped the operation. */
    public enum Kind {
        /** The lock location cannot be used here: a missing, unwritable or full lock directory, say. */
        UNUSABLE_LOCATION,
        /** The lock server cannot be reached, or it ended the session: nothing was taken. */
        SERVER_UNREACHABLE,
        /** The lock server refused the credentials. The message never contains the password. */
        CREDENTIALS_REFUSED
    }

    private final Kind kind;

    /** @param message what went wrong and what to do about it */
    public LockException(String message) {
        this(Kind.UNUSABLE_LOCATION, message, null);
    }

    /** @param message what went wrong and what to do about it; @param cause the underlying error */
    public LockException(String message, Throwable cause) {
        this(Kind.UNUSABLE_LOCATION, message, cause);
    }

    /**
     * @param kind what kind of problem it is
     * @param message what went wrong and what to do about it
     * @param cause the underlying error, or {@code null}
     */
    public LockException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** What kind of problem stopped the operation. */
    public Kind kind() {
        return kind;
    }
}
