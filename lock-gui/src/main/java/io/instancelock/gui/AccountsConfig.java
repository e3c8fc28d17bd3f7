package io.instancelock.gui;

import io.instancelock.core.AccountId;
import java.util.List;
import java.util.Optional;

/**
 * What the launcher offers: the accounts, the strategies and the bot command.
 *
 * @param accounts the accounts in the drop-down, never empty
 * @param strategies the strategies in the drop-down, never empty
 * @param botCommand the configured bot command, or {@code null} for the built-in demo bot
 * @param source where it came from, for messages (a file path, or "built-in demo accounts")
 * @param server the lock server shared with other computers ({@code "server"} in the file), or
 *     {@code null} for this computer only
 */
public record AccountsConfig(
        List<Account> accounts, List<String> strategies, BotCommand botCommand, String source, String server) {

    /** The strategies offered when the accounts file names none. */
    public static final List<String> DEFAULT_STRATEGIES = List.of("ES", "NQ");

    /** @throws IllegalArgumentException when there are no accounts or no strategies */
    public AccountsConfig {
        accounts = List.copyOf(accounts);
        strategies = List.copyOf(strategies);
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("no accounts to offer");
        }
        if (strategies.isEmpty()) {
            throw new IllegalArgumentException("no strategies to offer");
        }
    }

    /** Three demo accounts, so that the launcher runs out of the box. */
    public static AccountsConfig demo() {
        return new AccountsConfig(
                List.of(
                        new Account(AccountId.of("100001"), "Combine 50K - $50,000.00", "demo_trader"),
                        new Account(AccountId.of("100002"), "Combine 100K - $100,000.00", "demo_trader"),
                        new Account(AccountId.of("200001"), "Express Funded - $150,000.00", "demo_express")),
                DEFAULT_STRATEGIES,
                null,
                "built-in demo accounts",
                null);
    }

    /** The account with this id, if offered. */
    public Optional<Account> find(AccountId id) {
        return accounts.stream().filter(account -> account.id().equals(id)).findFirst();
    }

    /** The same accounts and strategies with another bot command. */
    public AccountsConfig withBotCommand(BotCommand command) {
        return new AccountsConfig(accounts, strategies, command, source, server);
    }
}
