package io.instancelock.gui;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The health of this window's bot, as the banner and the window title show it: every state says
 * since when, and a bot that ended without being asked to never looks like an idle window.
 */
public sealed interface BotHealth
        permits BotHealth.Idle,
                BotHealth.Starting,
                BotHealth.Running,
                BotHealth.Stopping,
                BotHealth.StoppingOther,
                BotHealth.Stopped,
                BotHealth.Crashed,
                BotHealth.LockLost {

    /** How it should strike the eye. */
    Tone tone();

    /** The mark before the account in the window title, e.g. {@code ●} while running. */
    String symbol();

    /** The banner's headline, e.g. {@code Running since 14:30 (12m)}. */
    String headline(Instant now, ZoneId zone);

    /** The state in a few words for the window title, e.g. {@code running 12m}. */
    String brief(Instant now);

    /** The account the state is about, or {@code null} when no bot has run yet. */
    Account account();

    /** Whether Restart is offered: the bot ended without being asked to. */
    default boolean canRestart() {
        return false;
    }

    /** No bot has run in this window yet. */
    record Idle() implements BotHealth {
        public Account account() {
            return null;
        }

        public Tone tone() {
            return Tone.NEUTRAL;
        }

        public String symbol() {
            return "○";
        }

        public String headline(Instant now, ZoneId zone) {
            return "No bot running";
        }

        public String brief(Instant now) {
            return "no bot";
        }
    }

    /** Taking the lock and starting the bot. */
    record Starting(Account account) implements BotHealth {
        public Tone tone() {
            return Tone.BUSY;
        }

        public String symbol() {
            return "◐";
        }

        public String headline(Instant now, ZoneId zone) {
            return "Starting the bot…";
        }

        public String brief(Instant now) {
            return "starting";
        }
    }

    /** The bot runs under this window's lock. */
    record Running(Account account, long pid, Instant since) implements BotHealth {
        public Tone tone() {
            return Tone.GOOD;
        }

        public String symbol() {
            return "●";
        }

        public String headline(Instant now, ZoneId zone) {
            return "Running since " + Times.clock(since, zone) + " (" + Ages.of(Duration.between(since, now)) + ")";
        }

        public String brief(Instant now) {
            return "running " + Ages.of(Duration.between(since, now));
        }
    }

    /** The bot has been asked to end; its lock goes once it has. */
    record Stopping(Account account, Instant since) implements BotHealth {
        public Tone tone() {
            return Tone.BUSY;
        }

        public String symbol() {
            return "◐";
        }

        public String headline(Instant now, ZoneId zone) {
            return "Stopping the bot since " + Times.seconds(since, zone) + "…";
        }

        public String brief(Instant now) {
            return "stopping";
        }
    }

    /** Another bot on this computer is being stopped so that this window can start its own. */
    record StoppingOther(Account account, long pid, Instant since) implements BotHealth {
        public Tone tone() {
            return Tone.BUSY;
        }

        public String symbol() {
            return "◐";
        }

        public String headline(Instant now, ZoneId zone) {
            return "Stopping the other bot (pid " + pid + ") since " + Times.seconds(since, zone) + "…";
        }

        public String brief(Instant now) {
            return "stopping the other bot";
        }
    }

    /**
     * The bot ended: asked to by the user, or by itself with exit code 0.
     *
     * @param askedTo whether this launcher asked it to stop
     */
    record Stopped(Account account, Instant at, Duration ranFor, int exitCode, boolean askedTo) implements BotHealth {
        public Tone tone() {
            return Tone.NEUTRAL;
        }

        public String symbol() {
            return "○";
        }

        public String headline(Instant now, ZoneId zone) {
            String when = " at " + Times.seconds(at, zone) + " after " + Ages.of(ranFor);
            return askedTo ? "Stopped" + when : "Ended by itself" + when + " (exit code " + exitCode + ")";
        }

        public String brief(Instant now) {
            return "stopped";
        }
    }

    /** The bot ended by itself with a failure exit code, or was killed by someone else. */
    record Crashed(Account account, Instant at, Duration ranFor, int exitCode) implements BotHealth {
        public Tone tone() {
            return Tone.DANGER;
        }

        public String symbol() {
            return "✖";
        }

        public String headline(Instant now, ZoneId zone) {
            return "Crashed at " + Times.seconds(at, zone) + " with " + exitCodeText(exitCode) + " after "
                    + Ages.of(ranFor);
        }

        public String brief(Instant now) {
            return "crashed, exit " + exitCode;
        }

        @Override
        public boolean canRestart() {
            return true;
        }
    }

    /** The lock was lost while the bot ran, so the bot was stopped: another may take the account. */
    record LockLost(Account account, Instant at, String reason) implements BotHealth {
        public Tone tone() {
            return Tone.DANGER;
        }

        public String symbol() {
            return "⚠";
        }

        public String headline(Instant now, ZoneId zone) {
            return "Lock lost at " + Times.seconds(at, zone) + ": " + reason + "; the bot was stopped";
        }

        public String brief(Instant now) {
            return "lock lost";
        }
    }

    /** {@code exit code 3}, or {@code exit code 137 (killed by signal 9)} for the shell's convention. */
    static String exitCodeText(int exitCode) {
        if (exitCode < 0) {
            return "an unknown exit code";
        }
        String text = "exit code " + exitCode;
        return exitCode > 128 && exitCode < 128 + 65 ? text + " (killed by signal " + (exitCode - 128) + ")" : text;
    }

    /** Clock times as the banner shows them. */
    final class Times {
        private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
        private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

        private Times() {}

        static String clock(Instant at, ZoneId zone) {
            return MINUTES.format(at.atZone(zone));
        }

        static String seconds(Instant at, ZoneId zone) {
            return SECONDS.format(at.atZone(zone));
        }
    }
}
