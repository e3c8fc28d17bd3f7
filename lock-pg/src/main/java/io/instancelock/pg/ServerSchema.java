package io.instancelock.pg;

import io.instancelock.pg.internal.Connections;
import io.instancelock.pg.internal.Failures;
import io.instancelock.pg.internal.PgSettings;
import io.instancelock.pg.internal.Schema;
import io.instancelock.pg.internal.ServerAddress;
import java.sql.SQLException;

/**
 * The lock server's schema {@code instance_lock}, for admins: the SQL to run by hand
 * ({@code lockctl server-init --print-sql}) and a call that creates it where missing.
 */
public final class ServerSchema {

    private ServerSchema() {}

    /** The SQL that creates the schema, its tables and functions; safe to run again. */
    public static String sql() {
        return Schema.sql();
    }

    /** {@link #sql()} followed by the grants that let {@code role} use a schema an admin created. */
    public static String sqlFor(String role) {
        return Schema.sql() + "\n" + Schema.grantsFor(role);
    }

    /**
     * Connects to the server at {@code url} and creates the schema if it is missing.
     *
     * @return whether it was created (false: it was there already)
     * @throws io.instancelock.core.LockException when the server cannot be reached, refuses the
     *     credentials, or the user may not create the schema
     */
    public static boolean createIfMissing(String url) {
        ServerAddress server = ServerAddress.parse(url);
        Connections.PgConnection connection;
        try {
            connection = new Connections(server, PgSettings.DEFAULTS).open();
        } catch (SQLException e) {
            throw Failures.of(server, "connect", e);
        }
        try {
            if (Schema.isPresent(connection.jdbc())) {
                return false;
            }
            Schema.create(connection.jdbc());
            return true;
        } catch (SQLException e) {
            throw Failures.of(server, "create the schema instance_lock", e);
        } finally {
            Connections.quietlyClose(connection);
        }
    }
}
