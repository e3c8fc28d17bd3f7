package io.instancelock.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether the holder named by a lock record is still there. Pure logic over the record, the
 * state of the OS lock and a {@link ProcessProbe}; it touches no files.
 *
 * <ol>
 *   <li>A record written by instance-lock is live exactly while its OS lock is held: an OS lock that
 *       can be taken proves the holder gone, whatever its PID names now and whatever host it names.
 *   <li>If such a holder recorded a bot process and that bot still runs, the account is still being
 *       traded: it stays held until the bot exits. A bot on another host cannot be checked here, so
 *       such a record is unknown (held) until an admin removes it.
 *   <li>A record of the older launcher holds no OS lock. Written on another host, it cannot be judged
 *       by PID here: unknown. Otherwise it is held while its PID is alive and is the process that
 *       wrote it; a process that started after {@code created_at} (or at another time than the
 *       recorded start) is a reused PID, so the lock is stale.
 * </ol>
 */
public final class StaleRules {

    /** Start times from different sources (and /proc's boot time) may differ by about a second. */
    static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    private final ProcessProbe probe;
    private final Clock clock;
    private final String localHost;

    /**
     * @param probe asks the OS about processes on this computer
     * @param clock its zone interprets the records' local {@code created_at}
     * @param localHostname this computer's name, to tell records from other hosts
     */
    public StaleRules(ProcessProbe probe, Clock clock, String localHostname) {
        this.probe = Objects.requireNonNull(probe, "probe");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.localHost = Objects.requireNonNull(localHostname, "localHostname");
    }

    /** A judgement: the state and the reason, in words for a user. */
    public record Verdict(LockState state, String reason) {}

    /**
     * Judges a record.
     *
     * @param record the lock record found
     * @param osLockFree whether the record's OS lock could be taken (for the older launcher's
     *     records, which hold none, this is ignored)
     */
    public Verdict judge(LockRecord record, boolean osLockFree) {
        return record.origin() == RecordOrigin.INSTANCE_LOCK
                ? judgeOwn(record, osLockFree)
                : judgeOlderLauncher(record);
    }

    private Verdict judgeOwn(LockRecord record, boolean osLockFree) {
        if (!osLockFree) {
            return new Verdict(LockState.HELD, "held by pid " + record.pid() + " on host " + record.displayHost());
        }
        Optional<BotProcess> bot = record.botProcess();
        if (bot.isEmpty()) {
            return new Verdict(LockState.STALE, "holder pid " + record.pid() + " has exited (its OS lock is free)");
        }
        if (!isLocal(record.hostname())) {
            return new Verdict(
                    LockState.UNKNOWN,
                    "holder has exited but its bot (pid " + bot.get().pid() + ") ran on host " + record.displayHost()
                            + " and cannot be checked from here");
        }
        if (isSameProcess(bot.get().pid(), bot.get().startedAt(), null)) {
            return new Verdict(
                    LockState.HELD,
                    "holder pid " + record.pid() + " has exited but its bot (pid "
                            + bot.get().pid() + ") is still running");
        }
        return new Verdict(
                LockState.STALE,
                "holder pid " + record.pid() + " and its bot pid " + bot.get().pid() + " have exited");
    }

    private Verdict judgeOlderLauncher(LockRecord record) {
        if (!isLocal(record.hostname())) {
            return new Verdict(
                    LockState.UNKNOWN,
                    "written by the older launcher on host " + record.displayHost()
                            + "; its process cannot be checked from here (remove it with an explicit admin action)");
        }
        Instant created = record.createdAt().atZone(clock.getZone()).toInstant();
        if (isSameProcess(record.pid(), record.processStartedAt(), created)) {
            return new Verdict(LockState.HELD, "older launcher pid " + record.pid() + " is running");
        }
        return new Verdict(
                LockState.STALE,
                "older launcher pid " + record.pid() + " has exited (or the pid now names another process)");
    }

    /**
     * Whether {@code pid} is alive and still the process that was recorded: its start time equals the
     * recorded one, or else it did not start after {@code notAfter}. Unknown answers count as alive.
     */
    private boolean isSameProcess(long pid, Instant recordedStart, Instant notAfter) {
        if (probe.liveness(pid) == ProcessProbe.Liveness.DEAD) {
            return false;
        }
        Optional<Instant> start = probe.startTime(pid);
        if (start.isEmpty()) {
            return true;
        }
        if (recordedStart != null) {
            return Duration.between(recordedStart, start.get()).abs().compareTo(START_TOLERANCE) <= 0;
        }
        return notAfter == null || !start.get().isAfter(notAfter.plus(START_TOLERANCE));
    }

    /** Whether a record's host is this computer; a record that names no host is taken as local. */
    boolean isLocal(String hostname) {
        return LocalHost.sameHost(hostname, localHost);
    }
}
