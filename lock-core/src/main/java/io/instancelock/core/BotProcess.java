package io.instancelock.core;

import java.time.Instant;

/**
 * The process that does the trading, when the lock holder started the bot as a child process.
 *
 * @param pid the bot's process id
 * @param startedAt when the bot process started, or {@code null} when the OS did not say
 * @param startKey an exact, clock-independent identity of the bot's start where the OS offers one
 *     (on Linux the boot id and the start in clock ticks since boot), or {@code null}
 * @param processGroup the bot's own process group (its id is the bot's pid), which also holds what
 *     the bot started, or {@code 0} when the bot was not started in a group of its own
 * @param diesWithHolder whether the bot and its whole group are ended when their holder dies, freezes
 *     or loses the lock, before another holder can take the account (on Linux, with a lock whose
 *     backend has a confirmation deadline: see {@link BotSession}); a record that says so lets another
 *     computer take the account over once the holder's claim is free
 */
public record BotProcess(long pid, Instant startedAt, String startKey, long processGroup, boolean diesWithHolder) {

    /** @throws IllegalArgumentException for a pid that is not positive or a negative group */
    public BotProcess {
        if (pid <= 0) {
            throw new IllegalArgumentException("bot pid must be positive, was " + pid);
        }
        if (processGroup != 0 && processGroup != pid) {
            throw new IllegalArgumentException(
                    "a bot's own process group has the bot's pid " + pid + " as its id, not " + processGroup);
        }
    }

    /** A bot that is not known to die with its holder. */
    public BotProcess(long pid, Instant startedAt, String startKey, long processGroup) {
        this(pid, startedAt, startKey, processGroup, false);
    }

    /** The bot described by a running process's handle, without a process group of its own. */
    public static BotProcess of(ProcessHandle process) {
        return LocalProcesses.INSTANCE.identify(process.pid(), 0);
    }

    /** Whether the bot runs in a process group of its own, which is then signalled and watched whole. */
    public boolean hasGroup() {
        return processGroup > 0;
    }
}
