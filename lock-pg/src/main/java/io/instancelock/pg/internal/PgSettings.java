package io.instancelock.pg.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The lock server backend's timing. Invariant, checked here: a heartbeat comes well within the
 * confirmation deadline, and the deadline (when the holder counts its claim as lost) ends well
 * before the server ends a silent session and so gives the account away.
 *
 * @param heartbeat how often the holder confirms its claim on its connection
 * @param deadline how long the holder may go without a confirmed heartbeat before the claim is lost
 * @param serverTimeout when the server ends a session that has gone silent (idle_session_timeout,
 *     tcp_user_timeout, TCP keepalives)
 * @param waitSlice the longest single server-side wait of a waiting claim
 */
public record PgSettings(Duration heartbeat, Duration deadline, Duration serverTimeout, Duration waitSlice) {

    /** Every 2 s, lost after 10 s without confirmation, the server ends a silent session at 20 s. */
    public static final PgSettings DEFAULTS = new PgSettings(
            Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(5));

    /** @throws IllegalArgumentException when the timings break the invariant */
    public PgSettings {
        Objects.requireNonNull(heartbeat, "heartbeat");
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(serverTimeout, "serverTimeout");
        Objects.requireNonNull(waitSlice, "waitSlice");
        if (heartbeat.isZero()
                || heartbeat.isNegative()
                || heartbeat.multipliedBy(2).compareTo(deadline) > 0) {
            throw new IllegalArgumentException("the heartbeat (" + heartbeat
                    + ") must be positive and at most half the deadline (" + deadline + ")");
        }
        if (deadline.multipliedBy(3).compareTo(serverTimeout.multipliedBy(2)) > 0) {
            throw new IllegalArgumentException("the deadline (" + deadline
                    + ") must end well before the server's timeout (" + serverTimeout + "): at most two thirds of it");
        }
        if (waitSlice.toMillis() < 1) {
            throw new IllegalArgumentException("the wait slice must be at least 1 ms, was " + waitSlice);
        }
    }

    /**
     * The defaults, with system properties in milliseconds overriding them (for tests):
     * {@code instancelock.pg.heartbeat}, {@code .deadline}, {@code .serverTimeout}, {@code .waitSlice}.
     */
    public static PgSettings fromSystemProperties() {
        return new PgSettings(
                property("heartbeat", DEFAULTS.heartbeat),
                property("deadline", DEFAULTS.deadline),
                property("serverTimeout", DEFAULTS.serverTimeout),
                property("waitSlice", DEFAULTS.waitSlice));
    }

    private static Duration property(String name, Duration fallback) {
        String value = System.getProperty("instancelock.pg." + name);
        return value == null ? fallback : Duration.ofMillis(Long.parseLong(value.trim()));
    }

    /** The system properties that give these settings to a child JVM. */
    public String[] asJvmOptions() {
        return new String[] {
            "-Dinstancelock.pg.heartbeat=" + heartbeat.toMillis(),
            "-Dinstancelock.pg.deadline=" + deadline.toMillis(),
            "-Dinstancelock.pg.serverTimeout=" + serverTimeout.toMillis(),
            "-Dinstancelock.pg.waitSlice=" + waitSlice.toMillis()
        };
    }
}
