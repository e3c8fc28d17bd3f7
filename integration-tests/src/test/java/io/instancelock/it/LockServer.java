package io.instancelock.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A real PostgreSQL server for the tests that play several computers, started from the binaries that
 * the build brings as Maven artifacts; closing stops it and removes its data.
 */
final class LockServer implements AutoCloseable {

    /** The environment variable that tells a child worker to layer its locks with the server. */
    static final String URL_VARIABLE = "IT_LOCK_SERVER";

    private final EmbeddedPostgres postgres;

    private LockServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LockServer start() {
        try {
            return new LockServer(EmbeddedPostgres.builder().start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL server", e);
        }
    }

    /** The server's URL in the form users give it, without a password (the server trusts loopback). */
    String url() {
        return "postgresql://postgres@localhost:" + postgres.getPort() + "/postgres";
    }

    /** Ends every session that holds an advisory lock, as an admin's {@code pg_terminate_backend} would. */
    List<Integer> terminateLockHolders() {
        List<Integer> ended = new ArrayList<>();
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT pid, pg_terminate_backend(pid) FROM pg_locks"
                        + " WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()")) {
            while (rows.next()) {
                ended.add(rows.getInt(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot end the lock holders' sessions", e);
        }
        return ended;
    }

    /** How many sessions wait for an advisory lock right now. */
    int waitingSessions() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the server's locks", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop the embedded PostgreSQL server", e);
        }
    }
}
