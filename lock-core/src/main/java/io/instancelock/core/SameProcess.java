package io.instancelock.core;

import io.instancelock.core.spi.ProcessProbe.Liveness;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The one rule for "is this pid still the process that was recorded", used by the stale rules, by
 * {@code lockctl stop} and by the bot lifecycle.
 *
 * <ol>
 *   <li>A dead pid is not the process.
 *   <li>Where both the record and the OS have an exact start key (Linux: boot id and start in clock
 *       ticks since boot), the keys decide: equal is the same process, different is a reused pid or
 *       another boot. No clock step can move a key.
 *   <li>Else the start times decide, within {@link #START_TOLERANCE}: these are wall-clock times the
 *       OS stored at the start (Windows, macOS), so a later clock change does not move them either.
 *   <li>A record without a start identity cannot tell a reused pid: a live pid counts as the process.
 *   <li>When the OS will not say, the answer is unknown, never "same".
 * </ol>
 */
final class SameProcess {

    /** Start times read through different APIs may differ by about a second. */
    static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    /** The rule's answer. */
    enum Answer {
        /** The pid is alive and is the recorded process. */
        SAME,
        /** The recorded process is gone: the pid is dead or names another process. */
        GONE,
        /** The OS would not say. */
        UNKNOWN
    }

    private SameProcess() {}

    static Answer of(ProcessView view, long pid, Instant recordedStart, String recordedKey) {
        Liveness liveness = view.liveness(pid);
        if (liveness == Liveness.DEAD) {
            return Answer.GONE;
        }
        if (liveness == Liveness.UNKNOWN) {
            return Answer.UNKNOWN;
        }
        if (recordedKey != null) {
            Optional<String> key = view.startKey(pid);
            if (key.isPresent()) {
                return key.get().equals(recordedKey) ? Answer.SAME : Answer.GONE;
            }
        }
        if (recordedStart == null) {
            return recordedKey == null ? Answer.SAME : Answer.UNKNOWN;
        }
        Optional<Instant> start = view.startTime(pid);
        if (start.isEmpty()) {
            return Answer.UNKNOWN;
        }
        return Duration.between(recordedStart, start.get()).abs().compareTo(START_TOLERANCE) <= 0
                ? Answer.SAME
                : Answer.GONE;
    }

    /**
     * Whether a recorded bot still runs: its leader is the recorded process, or (for a bot in a group
     * of its own) the leader has exited and a process it started is still in its group. A pid cannot
     * be reused while a group of that number has members, so a live pid that is another process means
     * the group is gone.
     */
    static Answer botRuns(ProcessView view, BotProcess bot) {
        Answer leader = of(view, bot.pid(), bot.startedAt(), bot.startKey());
        if (leader != Answer.GONE || !bot.hasGroup()) {
            return leader;
        }
        return switch (view.liveness(bot.pid())) {
            case ALIVE -> Answer.GONE;
            case UNKNOWN -> Answer.UNKNOWN;
            case DEAD ->
                switch (view.groupLiveness(bot.processGroup())) {
                    case ALIVE -> Answer.SAME;
                    case DEAD -> Answer.GONE;
                    case UNKNOWN -> Answer.UNKNOWN;
                };
        };
    }
}
