package io.instancelock.gui;

import io.instancelock.core.LockRecord;
import java.time.Duration;
import java.time.LocalDateTime;

/** The launcher's confirmations, worded in one place; each names what it would act on. */
final class Questions {

    private Questions() {}

    /** Stop Bot. */
    static Question stopBot(Account account, long pid, Duration grace) {
        return new Question(
                "Stop the bot?",
                "Stop the bot on account " + account.name() + " (pid " + pid + ")?\n"
                        + "It is asked to end, and killed after " + Ages.of(grace) + " if it does not.",
                "Stop bot",
                'S',
                "Keep running");
    }

    /** Closing the window while a bot runs. */
    static Question close(Account account) {
        return new Question(
                "Bot running",
                "Stop the bot on account " + account.name() + " and close?",
                "Stop bot and close",
                'S',
                "Keep running");
    }

    /**
     * Stopping another holder: on this computer, or on another one through the lock server.
     *
     * @param thenStart whether this window's bot starts once the account is free (from a refusal)
     */
    static Question stopHolder(Account account, Whereabouts holder, LocalDateTime now, boolean thenStart) {
        LockRecord record = holder.status().holder();
        String who = holder.place() == Place.ORPHANED_BOT
                ? "the orphaned bot (pid " + holder.target() + ")"
                : holder.label() + " (pid " + holder.target()
                        + (record.bot() == null
                                ? ""
                                : ", bot pid " + record.bot().pid()) + ")";
        return new Question(
                "Stop the other bot?",
                "Stop " + who + " trading " + account.name() + "?\n"
                        + "Broker " + record.displayBroker() + ", since " + Ages.since(record.createdAt(), now)
                        + (holder.place() == Place.OTHER_COMPUTER
                                ? ".\n\nIt is asked through the lock server, as lockctl stop does; it stops its bot"
                                        + " at its next heartbeat and lets go"
                                : ".\n\nIt is asked to end (SIGTERM), as lockctl stop does")
                        + (thenStart ? "; this window starts its bot as soon as the account is free." : "."),
                "Stop it",
                'S',
                "Cancel");
    }
}
