package io.instancelock.core;

/**
 * The outcome of removing one account's lock.
 *
 * @param status the lock as found before removal
 * @param removed whether the lock was removed
 */
public record Removal(LockStatus status, boolean removed) {}
