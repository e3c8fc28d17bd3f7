package io.instancelock.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Who holds an account's lock: the metadata stored beside the lock.
 *
 * <p>The first four components are the format the older launcher reads and writes; the others are
 * {@code null} in records written by it.
 *
 * @param accountId the locked account
 * @param pid the holder's process id
 * @param createdAt when the lock was taken, in the holder's local time
 * @param brokerUsername the broker login the bot trades with, or {@code null}
 * @param hostname the computer the holder runs on, or {@code null} when unknown
 * @param processStartedAt when the holder process started, or {@code null} when unknown
 * @param processStartKey an exact, clock-independent identity of the holder's start where the OS
 *     offers one (see {@link BotProcess#startKey()}), or {@code null}
 * @param bot the child process that trades for the holder, or {@code null}
 * @param origin who wrote the record
 */
public record LockRecord(
        AccountId accountId,
        long pid,
        LocalDateTime createdAt,
        String brokerUsername,
        String hostname,
        Instant processStartedAt,
        String processStartKey,
        BotProcess bot,
        RecordOrigin origin) {

    /** @throws IllegalArgumentException when a required component is missing or out of range */
    public LockRecord {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(origin, "origin");
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, was " + pid);
        }
    }

    /** The same record, now naming the bot process that trades for the holder. */
    public LockRecord withBot(BotProcess newBot) {
        return new LockRecord(
                accountId, pid, createdAt, brokerUsername, hostname, processStartedAt, processStartKey, newBot, origin);
    }

    /** The bot process, if the holder recorded one. */
    public Optional<BotProcess> botProcess() {
        return Optional.ofNullable(bot);
    }

    /** The broker user, safe to display ({@code unknown} when absent). */
    public String displayBroker() {
        return DisplayText.safe(brokerUsername, 64);
    }

    /** The host name, safe to display ({@code unknown} when absent). */
    public String displayHost() {
        return DisplayText.safe(hostname, 64);
    }

    /** {@link #createdAt()} as the refusal message shows it: {@code 2025-11-09T14:30:00}. */
    public String displayCreatedAt() {
        LocalDateTime seconds = createdAt.truncatedTo(ChronoUnit.SECONDS);
        int year = seconds.getYear();
        if (year < 1000 || year > 9999) {
            return seconds.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        }
        // By hand, as ISO_LOCAL_DATE_TIME prints whole seconds: java.time's formatters cost a command-line
        // tool milliseconds to set up, for the one date it shows.
        StringBuilder text = new StringBuilder(19);
        text.append(year).append('-');
        twoDigits(text, seconds.getMonthValue()).append('-');
        twoDigits(text, seconds.getDayOfMonth()).append('T');
        twoDigits(text, seconds.getHour()).append(':');
        twoDigits(text, seconds.getMinute()).append(':');
        return twoDigits(text, seconds.getSecond()).toString();
    }

    private static StringBuilder twoDigits(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    /**
     * One line that says who holds the lock, safe to show to a user, e.g.
     * {@code broker john_topstep, pid 12345 on host trading-pc, since 2025-11-09T14:30:00}.
     */
    public String describe() {
        StringBuilder text = new StringBuilder()
                .append("broker ")
                .append(displayBroker())
                .append(", pid ")
                .append(pid)
                .append(" on host ")
                .append(displayHost())
                .append(", since ")
                .append(displayCreatedAt());
        if (bot != null) {
            text.append(", bot pid ").append(bot.pid());
        }
        if (origin == RecordOrigin.OLDER_LAUNCHER) {
            text.append(" (older launcher)");
        }
        return text.toString();
    }
}
