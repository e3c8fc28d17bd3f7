package io.instancelock.gui;

import io.instancelock.core.AccountId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything the launcher window shows, as one immutable snapshot the view renders.
 *
 * @param phase what the launcher is doing, which decides what may be pressed
 * @param health the bot's health, for the banner and the title
 * @param now when the snapshot was taken, for every age shown
 * @param zone the zone clock times are shown in
 * @param accounts the drop-down entries, each with its usage mark
 * @param selected the selected account
 * @param strategies the strategies offered
 * @param strategy the selected strategy
 * @param broker the broker user name the bot will trade with
 * @param brokerEditable whether the user chose to change the broker user name
 * @param status the line under the banner's headline: what just happened
 * @param locks the rows of the lock table
 * @param lockLocation where the locks live, for the table's heading
 * @param theme the theme chosen: {@code system}, {@code light} or {@code dark}
 */
public record LauncherState(
        Phase phase,
        BotHealth health,
        Instant now,
        ZoneId zone,
        List<AccountChoice> accounts,
        AccountId selected,
        List<String> strategies,
        String strategy,
        String broker,
        boolean brokerEditable,
        String status,
        List<LockRow> locks,
        String lockLocation,
        String theme) {

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
        /** Another bot on this computer is being stopped; this launcher's starts once the account is free. */
        STOPPING_OTHER,
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

    /**
     * One row of the lock table.
     *
     * @param id the account
     * @param name the account's display name ({@code id} when the accounts file lacks it)
     * @param place where its bot runs, for the badge's colour
     * @param where the badge text, e.g. {@code another launcher on this computer}
     * @param explanation the full reason, for the tooltip
     * @param broker the broker user, or empty
     * @param since when it was taken and how long ago, e.g. {@code 14:30, 2h 05m}
     * @param botPid the recorded bot's pid, or empty
     * @param canStop whether Stop applies (a holder on this computer)
     * @param canClean whether Clean applies (a stale lock)
     */
    public record LockRow(
            AccountId id,
            String name,
            Place place,
            String where,
            String explanation,
            String broker,
            String since,
            String botPid,
            boolean canStop,
            boolean canClean) {

        /** The column titles, in order. */
        public static final List<String> COLUMNS = List.of("Account", "Where it runs", "Broker", "Since", "Bot pid");

        /** The account as the first column shows it before cutting: the name, then the id. */
        public String account() {
            return name.equals(id.value()) ? name : name + " · " + id.value();
        }

        /** The text of column {@code index}. */
        public String column(int index) {
            return switch (index) {
                case 0 -> account();
                case 1 -> where;
                case 2 -> broker;
                case 3 -> since;
                default -> botPid;
            };
        }
    }

    /** The window title, e.g. {@code ● Combine 50K - running 12m}. */
    public String title() {
        Account account = accounts.stream()
                .map(AccountChoice::account)
                .filter(a -> a.id().equals(selected))
                .findFirst()
                .orElse(accounts.get(0).account());
        return WindowTitle.of(health, account, now);
    }

    /** The banner's headline, e.g. {@code Running since 14:30 (12m)}. */
    public String headline() {
        return health.headline(now, zone);
    }

    /** Whether the account, strategy and broker may be changed and Start pressed. */
    public boolean canStart() {
        return phase == Phase.IDLE;
    }

    /** Whether Stop may be pressed. */
    public boolean canStop() {
        return phase == Phase.RUNNING;
    }

    /** Whether Restart is offered: the last bot crashed and nothing runs now. */
    public boolean canRestart() {
        return phase == Phase.IDLE && health.canRestart();
    }
}
