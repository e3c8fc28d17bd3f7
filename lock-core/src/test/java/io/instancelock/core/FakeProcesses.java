package io.instancelock.core;

import io.instancelock.core.spi.ProcessProbe.Liveness;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A process table for rule tests: processes are alive only when added. */
final class FakeProcesses implements ProcessView {

    private final Map<Long, Instant> started = new HashMap<>();
    private final Map<Long, String> keys = new HashMap<>();
    private final Set<Long> unanswered = new HashSet<>();
    private final Set<Long> liveGroups = new HashSet<>();
    private final Set<Long> asked = new HashSet<>();

    FakeProcesses alive(long pid, Instant startedAt) {
        started.put(pid, startedAt);
        return this;
    }

    FakeProcesses alive(long pid, Instant startedAt, String startKey) {
        keys.put(pid, startKey);
        return alive(pid, startedAt);
    }

    FakeProcesses unanswered(long pid) {
        unanswered.add(pid);
        return this;
    }

    FakeProcesses groupAlive(long pgid) {
        liveGroups.add(pgid);
        return this;
    }

    /** The pids whose liveness was asked for so far. */
    Set<Long> asked() {
        return asked;
    }

    @Override
    public Liveness liveness(long pid) {
        asked.add(pid);
        if (unanswered.contains(pid)) {
            return Liveness.UNKNOWN;
        }
        return started.containsKey(pid) ? Liveness.ALIVE : Liveness.DEAD;
    }

    @Override
    public Optional<Instant> startTime(long pid) {
        return Optional.ofNullable(started.get(pid));
    }

    @Override
    public Optional<String> startKey(long pid) {
        return Optional.ofNullable(keys.get(pid));
    }

    @Override
    public Liveness groupLiveness(long pgid) {
        return liveGroups.contains(pgid) || started.containsKey(pgid) ? Liveness.ALIVE : Liveness.DEAD;
    }
}
