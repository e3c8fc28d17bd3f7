package io.instancelock.core;

import java.util.Optional;

/** The outcome of an attempt to take an account: acquired with a handle, or refused with the holder. */
public sealed interface Acquisition permits Acquisition.Acquired, Acquisition.Refused {

    /** The handle when acquired. */
    Optional<LockHandle> handle();

    /** Whether the lock was taken. */
    default boolean acquired() {
        return handle().isPresent();
    }

    /** The account was taken; close the handle to release it. */
    record Acquired(LockHandle lock) implements Acquisition {
        @Override
        public Optional<LockHandle> handle() {
            return Optional.of(lock);
        }
    }

    /** The account is held by someone else; {@code status} says by whom and why. */
    record Refused(LockStatus status) implements Acquisition {
        @Override
        public Optional<LockHandle> handle() {
            return Optional.empty();
        }

        /** The standard refusal message for the account shown under {@code accountDisplayName}. */
        public String message(String accountDisplayName) {
            return RefusalMessage.of(accountDisplayName, status.holder());
        }

        /** The standard refusal message, naming the account by its id. */
        public String message() {
            return message(status.account().value());
        }
    }
}
