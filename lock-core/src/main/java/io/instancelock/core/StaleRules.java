package io.instancelock.core;

import io.instancelock.core.spi.ProcessProbe.Liveness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether the holder named by a lock record is still there. Pure logic over the record, the
 * state of the claim (the OS lock) and a {@link ProcessView}; it touches no files.
 *
 * <ol>
 *   <li>A record written by instance-lock is live exactly while its claim is held: a claim that can be
 *       taken proves the holder gone, whatever its PID names now and whatever host it names.
 *   <li>If such a holder recorded a bot and that bot (or, for a bot in a process group of its own,
 *       anything it started) still runs, the account is still being traded: it stays held until the
 *       bot exits. "Still runs" is {@link SameProcess}'s rule. A bot on another host cannot be checked
 *       here, and neither can one the OS will not tell about: unknown; except a bot recorded as dying
 *       with its holder ({@link BotProcess#diesWithHolder()}), which its holder's end or freeze has
 *       ended before its claim could be free: stale.
 *   <li>A record of the older launcher holds no OS lock: only its PID says who holds it. Written on
 *       another host, it cannot be judged here: unknown. Otherwise it is held while its PID is alive
 *       and is the process that wrote it, judged against the time the storage says the record was
 *       written (the file's modification time), which carries no time zone: the record's own
 *       {@code created_at} is naive local time, which a reader in another zone, or in the repeated hour
 *       of a daylight-saving change, would misread. A process that started within
 *       {@link #START_TOLERANCE} of that write, or before it, is the writer; one that started more than
 *       {@link #SURELY_REUSED} after it names another program; in between (a pid reused soon after, or
 *       the clock stepped between the write and now) it is unknown: never taken over, but an admin may
 *       remove it.
 * </ol>
 */
final class StaleRules {

    /** Start and write times read through different APIs may differ by about a second. */
    static final Duration START_TOLERANCE = SameProcess.START_TOLERANCE;

    /**
     * How much later than the write an older launcher's pid must have started to be taken for another
     * program: room for a system clock step (NTP at boot) between the write and the judgement.
     */
    static final Duration SURELY_REUSED = Duration.ofMinutes(10);

    private final ProcessView processes;
    private final Clock clock;
    private final String localHost;

    /**
     * @param processes what the OS says about processes on this computer
     * @param clock its zone reads a record's {@code created_at} when the storage gives no write time
     * @param localHostname this computer's name, to tell records from other hosts
     */
    StaleRules(ProcessView processes, Clock clock, String localHostname) {
        this.processes = Objects.requireNonNull(processes, "processes");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.localHost = Objects.requireNonNull(localHostname, "localHostname");
    }

    /** A judgement: the state and the reason, in words for a user. */
    static class Verdict {
        private final LockState state;
        private final String reason;

        Verdict(LockState state, String reason) {
            this.state = state;
            this.reason = reason;
        }

        LockState state() {
            return state;
        }

        String reason() {
            return reason;
        }

        /** The reason, so that a log line given the verdict words it only when the line is written. */
        @Override
        public String toString() {
            return reason();
        }
    }

    /**
     * Our own holder's record with a free claim: stale. Whether its pid has exited or runs on without
     * the lock is looked up only when the reason is asked for, as a take-over after a crash needs the
     * state alone and the look at the OS would slow it.
     */
    private final class HolderGone extends Verdict {
        private final LockRecord record;
        private final String rest;

        HolderGone(LockRecord record, String rest) {
            super(LockState.STALE, null);
            this.record = record;
            this.rest = rest;
        }

        @Override
        String reason() {
            return holderGone(record) + rest;
        }
    }

    /**
     * Judges a record.
     *
     * @param record the lock record found
     * @param claimFree whether the record's claim could be taken (for the older launcher's records,
     *     which hold none, this is ignored)
     * @param writtenAt when the storage says the record was written, or {@code null}
     */
    Verdict judge(LockRecord record, boolean claimFree, Instant writtenAt) {
        return record.origin() == RecordOrigin.INSTANCE_LOCK
                ? judgeOwn(record, claimFree)
                : judgeOlderLauncher(record, writtenAt);
    }

    private Verdict judgeOwn(LockRecord record, boolean claimFree) {
        if (!claimFree) {
            return new Verdict(LockState.HELD, "held by pid " + record.pid() + " on host " + record.displayHost());
        }
        Optional<BotProcess> bot = record.botProcess();
        if (bot.isEmpty()) {
            return new HolderGone(record, " (its OS lock is free)");
        }
        if (!isLocal(record.hostname()) && bot.get().diesWithHolder()) {
            return new HolderGone(
                    record,
                    " (its claim is free), and its bot (pid " + bot.get().pid() + ") on host " + record.displayHost()
                            + " was started to end with it");
        }
        if (!isLocal(record.hostname())) {
            return new Verdict(
                    LockState.UNKNOWN,
                    "holder has exited but its bot (pid " + bot.get().pid() + ") ran on host " + record.displayHost()
                            + " and cannot be checked from here");
        }
        String botName = bot.get().hasGroup()
                ? "its bot (pid " + bot.get().pid() + ", or a process it started)"
                : "its bot (pid " + bot.get().pid() + ")";
        return switch (SameProcess.botRuns(processes, bot.get())) {
            case SAME ->
                new Verdict(
                        LockState.HELD,
                        "holder pid " + record.pid() + " has exited but " + botName + " is still running");
            case UNKNOWN ->
                new Verdict(
                        LockState.UNKNOWN,
                        "holder pid " + record.pid() + " has exited; whether " + botName
                                + " still runs cannot be told here (if it surely has ended: lockctl release --force)");
            case GONE ->
                new Verdict(
                        LockState.STALE,
                        "holder pid " + record.pid() + " and its bot pid "
                                + bot.get().pid() + " have exited");
        };
    }

    /** What is true of a holder whose claim is free: it has exited, or it runs but no longer holds it. */
    private String holderGone(LockRecord record) {
        if (isLocal(record.hostname())
                && SameProcess.of(processes, record.pid(), record.processStartedAt(), record.processStartKey())
                        == SameProcess.Answer.SAME) {
            return "pid " + record.pid() + " no longer holds the lock";
        }
        return "holder pid " + record.pid() + " has exited";
    }

    private Verdict judgeOlderLauncher(LockRecord record, Instant writtenAt) {
        long pid = record.pid();
        if (!isLocal(record.hostname())) {
            return new Verdict(
                    LockState.UNKNOWN,
                    "written by the older launcher on host " + record.displayHost()
                            + "; its process cannot be checked from here (remove it with an explicit admin action)");
        }
        Liveness liveness = processes.liveness(pid);
        if (liveness == Liveness.DEAD) {
            return new Verdict(LockState.STALE, "older launcher pid " + pid + " has exited");
        }
        Optional<Instant> started = processes.startTime(pid);
        if (liveness == Liveness.UNKNOWN || started.isEmpty()) {
            return new Verdict(
                    LockState.UNKNOWN,
                    "whether older launcher pid " + pid + " still runs cannot be told here"
                            + " (if it surely has ended: lockctl release --force)");
        }
        Instant written = writtenAt != null ? writtenAt : latestReading(record);
        Duration after = Duration.between(written, started.get());
        if (after.compareTo(START_TOLERANCE) <= 0) {
            return new Verdict(LockState.HELD, "older launcher pid " + pid + " is running");
        }
        if (after.compareTo(SURELY_REUSED) > 0) {
            return new Verdict(
                    LockState.STALE,
                    "older launcher pid " + pid + " has exited (the pid now names a process started "
                            + Durations.words(after) + " after the lock was written)");
        }
        return new Verdict(
                LockState.UNKNOWN,
                "pid " + pid + " runs, but started " + Durations.words(after) + " after the older launcher wrote"
                        + " this lock: another program may have its pid, or the clock was changed"
                        + " (if no older launcher runs: lockctl release --force)");
    }

    /**
     * The latest instant a naive local {@code created_at} can mean in this clock's zone (the later
     * offset in a repeated hour): the reading least likely to call a live writer a reused pid.
     */
    private Instant latestReading(LockRecord record) {
        return record.createdAt()
                .atZone(clock.getZone())
                .withLaterOffsetAtOverlap()
                .toInstant();
    }

    /** Whether a record's host is this computer; a record that names no host is taken as local. */
    boolean isLocal(String hostname) {
        return LocalHost.sameHost(hostname, localHost);
    }
}
