/**
 * instance-lock's API: keep each trading account driven by at most one bot at a time.
 *
 * <p>Start at {@link io.instancelock.core.AccountLocks}: it takes an account's lock
 * ({@link io.instancelock.core.Acquisition}, {@link io.instancelock.core.LockHandle}), tells who holds
 * it ({@link io.instancelock.core.LockStatus}, {@link io.instancelock.core.LockRecord}) and cleans up
 * after crashed holders. {@link io.instancelock.core.BotSession} runs a bot as a child process under a
 * lock. The storage (a lock directory, a lock server) is a backend found at run time through
 * {@link io.instancelock.core.spi}.
 */
package io.instancelock.core;
