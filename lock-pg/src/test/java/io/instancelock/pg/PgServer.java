package io.instancelock.pg;

import io.instancelock.pg.internal.PgSettings;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL for the tests (zonky's embedded binaries), started once per test JVM, with the
 * superuser {@code postgres} trusted and every other role asked for its password; and the timings the
 * tests run with, shortened from the defaults.
 */
public final class PgServer {

    /** Heartbeat 200 ms, lost after 2 s, the server ends a silent session at 4 s, waits in 500 ms slices. */
    public static final PgSettings SETTINGS = new PgSettings(
            Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofMillis(500));

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static EmbeddedPostgres shared;

    private PgServer() {}

    /**
     * Starts a server on a data directory of its own, with password rules for every role but postgres.
     *
     * @param port 0 for any free port
     * @param clean whether the data directory is made new, and deleted when the server stops
     */
    public static EmbeddedPostgres start(Path dataDir, int port, boolean clean) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(clean)
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", "off");
        if (port != 0) {
            builder.setPort(port);
        }
        EmbeddedPostgres pg = builder.start();
        Files.writeString(dataDir.resolve("pg_hba.conf"), """
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
        try (Connection admin = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres"));
                Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException(e);
        }
        return pg;
    }

    /** The test JVM's shared server. */
    public static synchronized EmbeddedPostgres shared() {
        if (shared == null) {
            for (String[] pair : new String[][] {
                {"heartbeat", "200"}, {"deadline", "2000"}, {"serverTimeout", "4000"}, {"waitSlice", "500"}
            }) {
                System.setProperty("instancelock.pg." + pair[0], pair[1]);
            }
            try {
                shared = start(Path.of("target", "pg-shared").toAbsolutePath(), 0, true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    /** A new, empty database on the shared server, as a lock server URL for user postgres. */
    public static String freshDatabase() {
        String name = "locks_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        sql("postgres", "CREATE DATABASE " + name);
        return url(shared().getPort(), name);
    }

    public static String url(int port, String database) {
        return "postgresql://postgres@127.0.0.1:" + port + "/" + database;
    }

    /** The database name of a URL made here. */
    public static String database(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** A superuser connection to a database of the shared server. */
    public static Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(shared().getJdbcUrl("postgres", database));
    }

    /** Runs statements as the superuser. */
    public static void sql(String database, String... statements) {
        try (Connection admin = admin(database);
                Statement statement = admin.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server process id of the session that holds the account's claim, or 0. */
    public static int holderPid(String database, String account) throws SQLException {
        try (Connection admin = admin(database);
                Statement statement = admin.createStatement();
                var row = statement.executeQuery("SELECT l.pid FROM pg_locks l JOIN instance_lock.accounts a"
                        + " ON l.objid = a.account_key::oid WHERE l.locktype = 'advisory' AND l.objsubid = 2"
                        + " AND l.granted AND a.account_id = '" + account + "'")) {
            return row.next() ? row.getInt(1) : 0;
        }
    }

    /** Advisory locks of the schema's class, held or waited for, in a database. */
    public static int advisoryLocks(String database) throws SQLException {
        try (Connection admin = admin(database);
                Statement statement = admin.createStatement();
                var row = statement.executeQuery("SELECT count(*) FROM pg_locks l WHERE l.locktype = 'advisory'"
                        + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            row.next();
            return row.getInt(1);
        }
    }

    /** Ends the session with this server process id, as an admin's {@code pg_terminate_backend} does. */
    public static void terminate(String database, int pid) {
        sql(database, "SELECT pg_terminate_backend(" + pid + ")");
    }
}
