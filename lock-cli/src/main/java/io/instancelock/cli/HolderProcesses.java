package io.instancelock.cli;

import io.instancelock.core.LockRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The live processes on this computer that a lock record names: its holder, then its bot. */
final class HolderProcesses {

    /** Start times from different sources may differ by about a second. */
    private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    private HolderProcesses() {}

    /** A process the record names, with its role for messages. */
    record Named(ProcessHandle process, String role) {
        String describe() {
            return role + " pid " + process.pid()
                    + process.info().command().map(c -> " (" + c + ")").orElse("");
        }
    }

    /** The holder (if it still runs) and the bot (if it still runs): a reused pid is not counted. */
    static List<Named> of(LockRecord record) {
        List<Named> found = new ArrayList<>();
        live(record.pid(), record.processStartedAt()).ifPresent(p -> found.add(new Named(p, "holder")));
        record.botProcess()
                .flatMap(bot -> live(bot.pid(), bot.startedAt()))
                .filter(p -> p.pid() != record.pid())
                .ifPresent(p -> found.add(new Named(p, "bot")));
        return found;
    }

    private static Optional<ProcessHandle> live(long pid, Instant recordedStart) {
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> recordedStart == null || sameStart(p, recordedStart));
    }

    private static boolean sameStart(ProcessHandle process, Instant recordedStart) {
        return process.info()
                .startInstant()
                .map(start -> Duration.between(start, recordedStart).abs().compareTo(START_TOLERANCE) <= 0)
                .orElse(true);
    }
}
