package io.instancelock.pg.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * Opens sessions to one lock server, configured so that the server ends a silent session (a frozen or
 * partitioned holder) after {@link PgSettings#serverTimeout()}, and keeps a few idle ones for reuse.
 *
 * <p>Invariant: a connection in the idle set holds no advisory lock (callers give back only
 * connections whose try failed, whose wait timed out, or that released everything), is not in a
 * transaction, and has been idle for less than half the server's idle timeout, so it is still alive
 * unless the server went away. Every method is thread-safe.
 */
public final class Connections {

    private static final int MAX_IDLE = 4;

    /** Runs the driver's network timeouts; pgjdbc does not use it but the API requires one. */
    private static final Executor DIRECT = Runnable::run;

    private record Idle(PgConnection connection, long since) {}

    /** A session and its server process id. */
    public record PgConnection(Connection jdbc, int backendPid, boolean fresh) {}

    private final ServerAddress server;
    private final PgSettings settings;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();
    private final Deque<Idle> idle = new ArrayDeque<>();

    public Connections(ServerAddress server, PgSettings settings) {
        this.server = server;
        this.settings = settings;
    }

    public ServerAddress server() {
        return server;
    }

    /** An idle session that is still fresh enough, or a new one. */
    public PgConnection borrow() throws SQLException {
        long now = System.nanoTime();
        long maxIdle = settings.serverTimeout().toNanos() / 2;
        while (true) {
            Idle candidate;
            synchronized (idle) {
                candidate = idle.pollFirst();
            }
            if (candidate == null) {
                return open();
            }
            if (now - candidate.since < maxIdle) {
                return new PgConnection(candidate.connection.jdbc(), candidate.connection.backendPid(), false);
            }
            quietlyClose(candidate.connection);
        }
    }

    /** Takes back a session that holds nothing. */
    public void giveBack(PgConnection connection) {
        synchronized (idle) {
            if (idle.size() < MAX_IDLE) {
                idle.addFirst(new Idle(connection, System.nanoTime()));
                return;
            }
        }
        quietlyClose(connection);
    }

    /**
     * A new session. The server side is set so that it ends when the client goes silent: no query for
     * {@code idle_session_timeout} (a frozen holder: its kernel still answers TCP), unacknowledged data
     * for {@code tcp_user_timeout}, or no answer to keepalives (a partition). One round trip after the
     * driver's start-up.
     */
    public PgConnection open() throws SQLException {
        Properties properties = server.properties();
        properties.putIfAbsent("ApplicationName", "instance-lock");
        properties.putIfAbsent("connectTimeout", "10");
        properties.putIfAbsent("loginTimeout", "10");
        properties.putIfAbsent("tcpKeepAlive", "true");
        Connection jdbc = driver.connect(server.jdbcUrl(), properties);
        if (jdbc == null) {
            throw new SQLException("the driver did not take " + server.jdbcUrl(), "08001");
        }
        try {
            long silent = settings.serverTimeout().toMillis();
            long keepaliveSeconds = Math.max(1, silent / 4000);
            try (Statement statement = jdbc.createStatement();
                    ResultSet row = statement.executeQuery("SELECT pg_backend_pid()"
                            + ", set_config('tcp_keepalives_idle', '" + keepaliveSeconds + "', false)"
                            + ", set_config('tcp_keepalives_interval', '" + keepaliveSeconds + "', false)"
                            + ", set_config('tcp_keepalives_count', '3', false)"
                            + ", CASE WHEN current_setting('server_version_num')::int >= 120000"
                            + " THEN set_config('tcp_user_timeout', '" + silent + "', false) END"
                            + ", CASE WHEN current_setting('server_version_num')::int >= 140000"
                            + " THEN set_config('idle_session_timeout', '" + silent + "', false) END")) {
                row.next();
                return new PgConnection(jdbc, row.getInt(1), true);
            }
        } catch (SQLException | RuntimeException e) {
            jdbc.close();
            throw e;
        }
    }

    /** Bounds every wait for the server on this session (a partition would otherwise hang the thread). */
    public static void limit(PgConnection connection, Duration timeout) throws SQLException {
        connection.jdbc().setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /** Closes a session, dropping whatever it held on the server once the server notices. */
    public static void quietlyClose(PgConnection connection) {
        try {
            connection.jdbc().close();
        } catch (SQLException | RuntimeException ignored) {
            // Gone already.
        }
    }

    /** Ends a session at once without talking to the server (it may not answer). */
    public static void abort(PgConnection connection) {
        try {
            connection.jdbc().abort(DIRECT);
        } catch (SQLException | RuntimeException ignored) {
            quietlyClose(connection);
        }
    }

    /** Closes the idle sessions. */
    public void close() {
        while (true) {
            Idle candidate;
            synchronized (idle) {
                candidate = idle.pollFirst();
            }
            if (candidate == null) {
                return;
            }
            quietlyClose(candidate.connection);
        }
    }
}
