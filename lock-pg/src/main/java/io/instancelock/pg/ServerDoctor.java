package io.instancelock.pg;

import io.instancelock.pg.internal.Connections;
import io.instancelock.pg.internal.Connections.PgConnection;
import io.instancelock.pg.internal.Failures;
import io.instancelock.pg.internal.PgSettings;
import io.instancelock.pg.internal.Schema;
import io.instancelock.pg.internal.ServerAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Health checks of a lock server for {@code lockctl doctor --server URL}: reachable, server version,
 * rights, schema, clock difference, round-trip time, and a real lock taken by one session and refused
 * to another. Never throws for a server problem: each finding is a {@link Check}.
 */
public final class ServerDoctor {

    /** The oldest server whose silent sessions the backend can have ended ({@code idle_session_timeout}). */
    private static final int MIN_VERSION = 140000;

    private ServerDoctor() {}

    /**
     * One finding.
     *
     * @param name what was checked, e.g. {@code reachable}
     * @param passed whether it is fine
     * @param detail what was found, in words
     */
    public record Check(String name, boolean passed, String detail) {}

    /** Runs every check that the earlier ones allow (nothing more after an unreachable server). */
    public static List<Check> check(String url) {
        List<Check> checks = new ArrayList<>();
        ServerAddress server;
        try {
            server = ServerAddress.parse(url);
        } catch (RuntimeException e) {
            checks.add(new Check("url", false, e.getMessage()));
            return checks;
        }
        Connections connections = new Connections(server, PgSettings.DEFAULTS);
        long start = System.nanoTime();
        PgConnection first;
        try {
            first = connections.open();
        } catch (SQLException e) {
            checks.add(new Check(
                    "reachable", false, Failures.of(server, "connect", e).getMessage()));
            return checks;
        }
        checks.add(
                new Check("reachable", true, server.display() + ", connected in " + millis(System.nanoTime() - start)));
        try {
            checks.add(version(first));
            checks.add(schemaAndRights(first, server));
            checks.add(clock(first));
            checks.add(roundTrip(first));
            checks.add(lockTest(connections, first));
        } catch (SQLException e) {
            checks.add(new Check(
                    "server", false, Failures.of(server, "run the checks", e).getMessage()));
        } finally {
            Connections.quietlyClose(first);
        }
        return checks;
    }

    private static Check version(PgConnection connection) throws SQLException {
        try (Statement statement = connection.jdbc().createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
            row.next();
            boolean recent = row.getInt(2) >= MIN_VERSION;
            return new Check(
                    "server version",
                    recent,
                    "PostgreSQL " + row.getString(1)
                            + (recent
                                    ? ""
                                    : ": older than 14, so the server cannot end a frozen holder's session"
                                            + " (idle_session_timeout); such an account stays held until an admin"
                                            + " ends the session"));
        }
    }

    private static Check schemaAndRights(PgConnection connection, ServerAddress server) throws SQLException {
        boolean present = Schema.isPresent(connection.jdbc());
        if (!present) {
            try (Statement statement = connection.jdbc().createStatement();
                    ResultSet row =
                            statement.executeQuery("SELECT has_database_privilege(current_database(), 'CREATE')")) {
                row.next();
                return row.getBoolean(1)
                        ? new Check("schema", true, "instance_lock is missing; it is created on first use")
                        : new Check(
                                "schema",
                                false,
                                "instance_lock is missing and user " + server.user() + " may not create it:"
                                        + " an admin must run `lockctl server-init --print-sql`'s SQL");
            }
        }
        try (Statement statement = connection.jdbc().createStatement();
                ResultSet row = statement.executeQuery(
                        "SELECT has_table_privilege('instance_lock.accounts', 'SELECT, INSERT, UPDATE')"
                                + " AND has_table_privilege('instance_lock.holders', 'SELECT, INSERT, UPDATE, DELETE')"
                                + " AND has_function_privilege('instance_lock.claim(text, integer)', 'EXECUTE')"
                                + " AND has_function_privilege('instance_lock.release(integer, bigint, boolean)', 'EXECUTE')")) {
            row.next();
            return row.getBoolean(1)
                    ? new Check("schema", true, "instance_lock is present and user " + server.user() + " may use it")
                    : new Check(
                            "schema",
                            false,
                            "instance_lock is present but user " + server.user() + " lacks rights on it: an admin"
                                    + " must grant them (`lockctl server-init --print-sql` prints the GRANTs)");
        }
    }

    private static Check clock(PgConnection connection) throws SQLException {
        long before = System.currentTimeMillis();
        Instant server;
        try (Statement statement = connection.jdbc().createStatement();
                ResultSet row = statement.executeQuery("SELECT clock_timestamp()")) {
            row.next();
            server = row.getTimestamp(1).toInstant();
        }
        long after = System.currentTimeMillis();
        long difference = server.toEpochMilli() - (before + after) / 2;
        return new Check(
                "clock difference",
                true,
                "the server's clock is " + Math.abs(difference) + " ms " + (difference >= 0 ? "ahead" : "behind")
                        + " (the lock does not depend on it)");
    }

    private static Check roundTrip(PgConnection connection) throws SQLException {
        long[] times = new long[7];
        try (Statement statement = connection.jdbc().createStatement()) {
            for (int i = 0; i < times.length; i++) {
                long start = System.nanoTime();
                statement.executeQuery("SELECT 1").close();
                times[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(times);
        long median = times[times.length / 2];
        boolean fast = median < Duration.ofMillis(500).toNanos();
        return new Check(
                "round trip",
                fast,
                "median " + millis(median) + (fast ? "" : ": every acquisition takes two round trips"));
    }

    /**
     * Takes a lock in one session and checks that a second session is refused it, then gets it once
     * the first lets go; and that a session keeps its server process (no transaction-mode pooler).
     */
    private static Check lockTest(Connections connections, PgConnection first) throws SQLException {
        String take =
                "SELECT pg_try_advisory_lock(" + Schema.CLASS_ID + ", " + Schema.DOCTOR_KEY + "), pg_backend_pid()";
        PgConnection second = connections.open();
        try (Statement one = first.jdbc().createStatement();
                Statement two = second.jdbc().createStatement()) {
            boolean firstTook = bool(one, take);
            boolean secondRefused = !bool(two, take);
            int pidAfter = integer(one, "SELECT pg_backend_pid()");
            bool(one, "SELECT pg_advisory_unlock(" + Schema.CLASS_ID + ", " + Schema.DOCTOR_KEY + ")");
            boolean secondTook = bool(two, take);
            two.execute("SELECT pg_advisory_unlock_all()");
            if (pidAfter != first.backendPid()) {
                return new Check(
                        "lock test",
                        false,
                        "the session changed server process between two statements:"
                                + " a transaction-mode pooler (such as PgBouncer) is in between, and it cannot carry the lock");
            }
            boolean passed = firstTook && secondRefused && secondTook;
            return new Check(
                    "lock test",
                    passed,
                    passed
                            ? "one session took a lock, a second was refused it, then got it after its release"
                            : "the advisory lock did not exclude a second session (took " + firstTook + ", refused "
                                    + secondRefused + ", taken after release " + secondTook + ")");
        } finally {
            Connections.quietlyClose(second);
        }
    }

    private static boolean bool(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getBoolean(1);
        }
    }

    private static int integer(Statement statement, String sql) throws SQLException {
        try (ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static String millis(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
}
