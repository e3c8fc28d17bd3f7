package io.instancelock.gui;

import io.instancelock.core.AccountId;
import java.util.Objects;

/**
 * A trading account the launcher offers.
 *
 * @param id the account id, as in the lock file's name
 * @param name the display name users know the account by, e.g. {@code Combine 50K - $50,000.00}
 * @param brokerUsername the broker login the bot trades this account with
 */
public record Account(AccountId id, String name, String brokerUsername) {

    /** @throws NullPointerException when a component is missing */
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(brokerUsername, "brokerUsername");
    }
}
