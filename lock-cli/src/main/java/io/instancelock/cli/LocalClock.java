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

    /**
     * Reads the time-zone database on a thread of its own, for a command that is about to write a
     * record (whose {@code created_at} is local time): the read takes about 6 ms at a JVM's start,
     * which then overlaps with opening the lock directory instead of delaying the command (measured:
     * {@code run ACCOUNT -- true} 1 to 4 ms sooner, 40 interleaved rounds, three times).
     */
    static void lookUpZoneSoon() {
        Thread thread = new Thread(new ZoneLookUp(), "lockctl-time-zone");
        thread.setDaemon(true);
        thread.start();
    }

    /** Not a lambda: see {@link #lookUpZoneSoon}; a lambda's first use costs milliseconds of its own. */
    private static final class ZoneLookUp implements Runnable {
        @Override
        public void run() {
            try {
                ZoneId.systemDefault().getRules().getOffset(Instant.now());
            } catch (RuntimeException e) {
                // The command's own look-up meets the same problem and reports it.
            }
        }
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
