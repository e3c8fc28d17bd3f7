package io.instancelock.core;

/**
 * The outcome of an attempt to take an account: acquired with a handle, or refused with the holder.
 *
 * <pre>{@code
 * Acquisition attempt = locks.tryAcquire(account, "john_topstep");
 * if (attempt instanceof Acquisition.Acquired acquired) {
 *     try (LockHandle lock = acquired.handle()) { ... }
 * } else if (attempt instanceof Acquisition.Refused refused) {
 *     System.err.println(refused.message("Combine 50K - $50,000.00"));
 * }
 * }</pre>
 */
public sealed interface Acquisition permits Acquisition.Acquired, Acquisition.Refused {

    /** Whether the lock was taken. */
    boolean acquired();

    /** The account was taken; close the handle to release it. */
    record Acquired(LockHandle handle) implements Acquisition {
        @Override
        public boolean acquired() {
            return true;
        }
    }

    /** The account is held by someone else; {@code status} says by whom and why. */
    record Refused(LockStatus status) implements Acquisition {
        @Override
        public boolean acquired() {
            return false;
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
