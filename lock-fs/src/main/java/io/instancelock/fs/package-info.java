/**
 * The local file-system backend: one {@code account_{id}.lock} file per account, guarded by an OS lock.
 * Found by {@link java.util.ServiceLoader}; callers use {@link io.instancelock.core.AccountLocks}.
 */
package io.instancelock.fs;
