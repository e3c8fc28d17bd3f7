package io.instancelock.core;

/**
 * A held account lock. Closing it releases the lock and removes its record; closing twice is harmless.
 *
 * <p>A handle may be used from any thread.
 */
public interface LockHandle extends AutoCloseable {

    /** The locked account. */
    AccountId account();

    /** The record stored for this lock, as last written. */
    LockRecord record();

    /** Where the lock lives, e.g. the lock file's path. */
    String location();

    /** Whether this handle still holds the lock (it has not been closed). */
    boolean isHeld();

    /**
     * Records the process that trades for this holder, so that the account stays held while that
     * process lives even if this holder dies.
     *
     * @throws IllegalStateException when the handle has been closed
     */
    void recordBot(BotProcess bot);

    /** Releases the lock and removes its record. Idempotent. */
    @Override
    void close();
}
