package io.instancelock.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system clock in the computer's time zone, which it looks up only when a time is read in that
 * zone: the look-up reads the time-zone database (about 20 ms at a JVM's start), and {@code status}
 * and {@code list} of instance-lock's own records never need it.
 */
final class LocalClock extends Clock {

    private volatile ZoneId zone;

    @Override
    public ZoneId getZone() {
        ZoneId found = zone;
        if (found == null) {
            found = ZoneId.systemDefault();
            zone = found;
        }
        return found;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return Clock.system(other);
    }

    @Override
    public Instant instant() {
        return Instant.now();
    }

    @Override
    public long millis() {
        return System.currentTimeMillis();
    }
}
