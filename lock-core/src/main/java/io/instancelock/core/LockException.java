package io.instancelock.core;

/**
 * A lock could not be taken, inspected or released for a reason the caller cannot prevent, such as an
 * unusable lock directory. The message names the problem and, where there is one, the fix.
 */
public class LockException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do about it */
    public LockException(String message) {
        super(message);
    }

    /** @param message what went wrong and what to do about it; @param cause the underlying error */
    public LockException(String message, Throwable cause) {
        super(message, cause);
    }
}
