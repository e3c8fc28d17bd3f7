package io.instancelock.pg.internal;

import io.instancelock.core.AccountId;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockRecord;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.SlotContent;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;

/**
 * A holder record as a row of {@code instance_lock.holders}: the lock file's fields, times as the
 * same ISO text the file has ({@code created_at} naive local time), so that no zone conversion can
 * change them.
 */
final class Rows {

    /** The record's columns, in the order {@link #bind} sets them. */
    static final String COLUMNS = "pid, created_at, broker_username, hostname, process_started_at, process_start_key,"
            + " bot_pid, bot_started_at, bot_start_key, bot_process_group, bot_dies_with_holder, origin";

    private Rows() {}

    /** Sets the record's 12 columns from parameter {@code first} on; returns the next parameter's index. */
    static int bind(PreparedStatement statement, int first, LockRecord record) throws SQLException {
        int i = first;
        statement.setLong(i++, record.pid());
        statement.setString(i++, record.createdAt().toString());
        statement.setString(i++, record.brokerUsername());
        statement.setString(i++, record.hostname());
        statement.setString(i++, text(record.processStartedAt()));
        statement.setString(i++, record.processStartKey());
        BotProcess bot = record.bot();
        if (bot == null) {
            statement.setNull(i++, Types.BIGINT);
            statement.setNull(i++, Types.VARCHAR);
            statement.setNull(i++, Types.VARCHAR);
            statement.setNull(i++, Types.BIGINT);
            statement.setNull(i++, Types.BOOLEAN);
        } else {
            statement.setLong(i++, bot.pid());
            statement.setString(i++, text(bot.startedAt()));
            statement.setString(i++, bot.startKey());
            statement.setLong(i++, bot.processGroup());
            statement.setBoolean(i++, bot.diesWithHolder());
        }
        statement.setString(i++, record.origin().name());
        return i;
    }

    /**
     * Reads a record from columns named {@code prefix + column} (the claim function's {@code r_...}),
     * absent when its pid is null.
     */
    static SlotContent read(ResultSet row, String prefix, AccountId account) throws SQLException {
        long pid = row.getLong(prefix + "pid");
        if (row.wasNull()) {
            return new SlotContent.Absent();
        }
        try {
            long botPid = row.getLong(prefix + "bot_pid");
            BotProcess bot = row.wasNull()
                    ? null
                    : new BotProcess(
                            botPid,
                            instant(row.getString(prefix + "bot_started_at")),
                            row.getString(prefix + "bot_start_key"),
                            row.getLong(prefix + "bot_process_group"),
                            row.getBoolean(prefix + "bot_dies_with_holder"));
            LockRecord record = new LockRecord(
                    account,
                    pid,
                    LocalDateTime.parse(row.getString(prefix + "created_at")),
                    row.getString(prefix + "broker_username"),
                    row.getString(prefix + "hostname"),
                    instant(row.getString(prefix + "process_started_at")),
                    row.getString(prefix + "process_start_key"),
                    bot,
                    RecordOrigin.valueOf(row.getString(prefix + "origin")));
            Timestamp written = row.getTimestamp(prefix + "written_at");
            return new SlotContent.Present(record, written == null ? null : written.toInstant());
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return new SlotContent.Unreadable(
                    "the server's record of account " + account + " is malformed: " + e.getMessage());
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }
}
