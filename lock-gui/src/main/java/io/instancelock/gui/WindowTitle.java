package io.instancelock.gui;

import java.time.Instant;

/**
 * The window title: the bot's state and the account, e.g. {@code ● Combine 50K - running 12m}, so that
 * several launchers can be told apart in the task bar.
 */
public final class WindowTitle {

    /** Long names are cut in the middle so that the state stays visible in a task bar. */
    static final int MAX_NAME = 48;

    private WindowTitle() {}

    /** The title for this health; {@code selected} names the account while no bot has run. */
    public static String of(BotHealth health, Account selected, Instant now) {
        Account account = health.account() != null ? health.account() : selected;
        return health.symbol() + " " + MiddleCut.toLength(account.name(), MAX_NAME) + " - " + health.brief(now);
    }
}
