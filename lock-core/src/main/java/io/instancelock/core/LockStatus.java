package io.instancelock.core;

import java.util.Objects;
import java.util.Optional;

/**
 * The state of one account's lock with its holder's record and the reason for the verdict.
 *
 * @param account the account
 * @param state free, held, stale or unknown
 * @param holder the lock record, or {@code null} when there is none or it cannot be read
 * @param reason why the state was judged so, in words for a user
 * @param location where the lock lives, e.g. the lock file's path
 */
public record LockStatus(AccountId account, LockState state, LockRecord holder, String reason, String location) {

    /** @throws NullPointerException when account, state, reason or location is missing */
    public LockStatus {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(location, "location");
    }

    /** The holder's record, when there is a readable one. */
    public Optional<LockRecord> holderRecord() {
        return Optional.ofNullable(holder);
    }
}
