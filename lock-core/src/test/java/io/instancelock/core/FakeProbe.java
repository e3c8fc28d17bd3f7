package io.instancelock.core;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A process table for rule tests: processes are alive only when added. */
final class FakeProbe implements ProcessProbe {

    private final Map<Long, Instant> started = new HashMap<>();
    private final Map<Long, Liveness> unknown = new HashMap<>();

    FakeProbe alive(long pid, Instant startedAt) {
        started.put(pid, startedAt);
        return this;
    }

    FakeProbe unanswered(long pid) {
        unknown.put(pid, Liveness.UNKNOWN);
        return this;
    }

    @Override
    public Liveness liveness(long pid) {
        return unknown.getOrDefault(pid, started.containsKey(pid) ? Liveness.ALIVE : Liveness.DEAD);
    }

    @Override
    public Optional<Instant> startTime(long pid) {
        return Optional.ofNullable(started.get(pid));
    }
}
