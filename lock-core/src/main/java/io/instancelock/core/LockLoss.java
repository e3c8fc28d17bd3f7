package io.instancelock.core;

import java.time.Instant;
import java.util.Objects;

/**
 * Why and when a held lock was lost: its holder must stop trading at once.
 *
 * @param account the account whose lock was lost
 * @param reason what happened, in words for a user, e.g. {@code the lock file was replaced and taken
 *     by pid 4242}
 * @param at when the loss was noticed
 */
public record LockLoss(AccountId account, String reason, Instant at) {

    /** @throws NullPointerException when a component is missing */
    public LockLoss {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    /** One line for a user: {@code lost the lock of account 123456: <reason>}. */
    public String describe() {
        return "lost the lock of account " + account + ": " + reason;
    }
}
