package io.instancelock.gui;

import io.instancelock.core.AccountId;
import java.util.List;

/**
 * Everything the launcher window shows, as one immutable snapshot the view renders.
 *
 * @param phase what the launcher is doing
 * @param accounts the drop-down entries, each with its usage mark
 * @param selected the selected account
 * @param strategies the strategies offered
 * @param strategy the selected strategy
 * @param broker the broker user name the bot will trade with
 * @param status the status line
 * @param locks the rows of the lock table
 * @param lockLocation where the locks live, for the table's title
 */
public record LauncherState(
        Phase phase,
        List<AccountChoice> accounts,
        AccountId selected,
        List<String> strategies,
        String strategy,
        String broker,
        String status,
        List<LockRow> locks,
        String lockLocation) {

    /** What the launcher is doing. */
    public enum Phase {
        /** No bot: the user may pick an account and start. */
        IDLE,
        /** Taking the lock and starting the bot. */
        STARTING,
        /** The bot runs under this launcher's lock. */
        RUNNING,
        /** The bot is being stopped; the lock goes once it has exited. */
        STOPPING,
        /** The window is closing. */
        CLOSED
    }

    /**
     * One drop-down entry.
     *
     * @param account the account
     * @param usage empty when free, else why it cannot be started, e.g. {@code in use}
     */
    public record AccountChoice(Account account, String usage) {
        /** The text shown: the display name, then the usage mark. */
        public String label() {
            return usage.isEmpty() ? account.name() : account.name() + "  (" + usage + ")";
        }
    }

    /** One row of the lock table; every column is display text. */
    public record LockRow(String account, String state, String pid, String broker, String started, String details) {
        /** The column titles, in order. */
        public static final List<String> COLUMNS = List.of("account", "state", "pid", "broker", "started", "details");

        /** The value of column {@code index}. */
        public String column(int index) {
            return switch (index) {
                case 0 -> account;
                case 1 -> state;
                case 2 -> pid;
                case 3 -> broker;
                case 4 -> started;
                default -> details;
            };
        }
    }

    /** Whether the account, strategy and broker may be changed and Start pressed. */
    public boolean canStart() {
        return phase == Phase.IDLE;
    }

    /** Whether Stop may be pressed. */
    public boolean canStop() {
        return phase == Phase.RUNNING;
    }
}
