/**
 * The backend SPI: the storage steps a lock backend supplies, found with {@link java.util.ServiceLoader}.
 *
 * <p>A backend provides exclusion (a claim only one process can hold) and storage of the record.
 * Whether a found record's holder is still there, and so whether the account may be taken, is decided
 * once, in {@link io.instancelock.core.AccountLocks}.
 */
package io.instancelock.core.spi;
