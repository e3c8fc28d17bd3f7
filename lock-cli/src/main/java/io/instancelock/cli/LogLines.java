package io.instancelock.cli;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/** Formats a log record as lockctl prints its own messages: {@code lockctl: warning: ...}, one line. */
public final class LogLines extends Formatter {

    @Override
    public String format(LogRecord record) {
        return "lockctl: " + record.getLevel().getName().toLowerCase(java.util.Locale.ROOT) + ": "
                + formatMessage(record) + System.lineSeparator();
    }
}
