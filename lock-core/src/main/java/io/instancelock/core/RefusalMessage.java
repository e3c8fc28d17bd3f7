package io.instancelock.core;

/** The standard message shown to a user whose bot is refused because the account is in use. */
public final class RefusalMessage {

    private RefusalMessage() {}

    /**
     * The refusal message, word for word as users know it from the older launcher; a holder on another
     * computer (met through a lock server) adds a line that names that computer.
     *
     * @param accountDisplayName the account as the user knows it, e.g. {@code Combine 50K - $50,000.00}
     * @param holder the holder's record, or {@code null} when it could not be read
     */
    public static String of(String accountDisplayName, LockRecord holder) {
        String broker = holder == null ? "unknown" : holder.displayBroker();
        String started = holder == null ? "unknown" : holder.displayCreatedAt();
        return "Account '" + DisplayText.safe(accountDisplayName, 120) + "' is already being traded!\n"
                + "\n"
                + "Broker: " + broker + "\n"
                + "Started: " + started + "\n"
                + elsewhere(holder)
                + "\n"
                + "You cannot run multiple bots on the same trading account.\n"
                + "This prevents duplicate orders and position conflicts.\n"
                + "\n"
                + "To trade this account:\n"
                + "1. Stop the other bot instance\n"
                + "2. Or select a different account from the dropdown";
    }

    private static String elsewhere(LockRecord holder) {
        if (holder == null || LocalHost.isThisComputer(holder.hostname())) {
            return "";
        }
        return "Computer: " + holder.displayHost() + " (another computer)\n";
    }
}
