package io.instancelock.core;

import java.time.Instant;

/**
 * The process that does the trading, when the lock holder started the bot as a child process.
 *
 * @param pid the bot's process id
 * @param startedAt when the bot process started, or {@code null} when the OS did not say
 */
public record BotProcess(long pid, Instant startedAt) {

    /** @throws IllegalArgumentException for a pid that is not positive */
    public BotProcess {
        if (pid <= 0) {
            throw new IllegalArgumentException("bot pid must be positive, was " + pid);
        }
    }

    /** The bot described by a running process's handle. */
    public static BotProcess of(ProcessHandle process) {
        return new BotProcess(process.pid(), process.info().startInstant().orElse(null));
    }
}
