package io.instancelock.gui;

import io.instancelock.core.LockRecord;
import java.time.Duration;
import java.time.LocalDateTime;

/**
 * The dialog for an account in use: the standard message word for word, then who holds the account
 * (pid, host, for how long), and what the user can do about it.
 *
 * @param title the dialog title
 * @param message the standard refusal message, unchanged
 * @param details the holder's pid, host and age, or for an orphaned bot what it is and how to stop it
 * @param canStopOther whether {@link Choice#STOP_OTHER} is offered: a holder on this computer
 */
public record Refusal(String title, String message, String details, boolean canStopOther) {

    /** The title of the dialog that refuses an account in use. */
    public static final String TITLE = "Account already in use";

    /** What the user chose. */
    public enum Choice {
        /** Stop the holder (after a confirmation), then start this window's bot. */
        STOP_OTHER,
        /** Pick another account: the first free one is selected and the account list focused. */
        CHOOSE_ANOTHER,
        /** Close the dialog and change nothing (Escape). */
        CANCEL
    }

    /** The refusal for a lock judged as {@code where}; {@code standard} is the standard message. */
    static Refusal of(String standard, Whereabouts where, LocalDateTime now) {
        return new Refusal(TITLE, standard, details(where, now), where.canStop());
    }

    private static String details(Whereabouts where, LocalDateTime now) {
        LockRecord holder = where.status().holder();
        if (holder == null) {
            return "Holder: its record cannot be read right now ("
                    + where.status().reason() + ").";
        }
        String age = ", for " + Ages.of(Duration.between(holder.createdAt(), now)) + " (since "
                + Ages.start(holder.createdAt(), now) + ")";
        String who = "pid " + holder.pid() + " on host " + holder.displayHost() + age;
        String bot = holder.bot() == null ? "" : ", bot pid " + holder.bot().pid();
        switch (where.place()) {
            case ORPHANED_BOT:
                long botPid = holder.bot().pid();
                return "Orphaned bot: its bot (pid " + botPid + ") still trades this account, but the launcher that "
                        + "started it (pid " + holder.pid() + ") is gone, so nothing will stop this bot for you. "
                        + "Stop the other bot ends it; from a terminal: kill " + botPid + " (or lockctl stop "
                        + holder.accountId() + ").";
            case OTHER_COMPUTER:
                return "Held on another computer: " + who + bot + "."
                        + (where.canStop()
                                ? " Stop the other bot asks it through the lock server to stop and let go."
                                : " It can only be stopped there.");
            case OLDER_LAUNCHER:
                return "Held by the older launcher: " + who + "." + (where.canStop() ? "" : " Stop it there.");
            default:
                return "Held by " + where.label() + ": " + who + bot + ".";
        }
    }
}
