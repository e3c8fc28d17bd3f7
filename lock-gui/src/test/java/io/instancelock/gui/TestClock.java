package io.instancelock.gui;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that tests move on by hand, so that uptimes and ages are exact without waiting. */
final class TestClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    TestClock(Instant start, ZoneId zone) {
        this.now = new AtomicReference<>(start);
        this.zone = zone;
    }

    /** A clock that starts at the system's time and zone, as the lock records' times are written in. */
    static TestClock startingNow() {
        return new TestClock(Instant.now(), ZoneId.systemDefault());
    }

    /** Moves the clock to {@code duration} after a lock record's local {@code created_at}. */
    void setAfter(java.time.LocalDateTime createdAt, Duration duration) {
        now.set(createdAt.atZone(zone).toInstant().plus(duration));
    }

    void advance(Duration duration) {
        now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId newZone) {
        return new TestClock(now.get(), newZone);
    }

    @Override
    public Instant instant() {
        return now.get();
    }
}
