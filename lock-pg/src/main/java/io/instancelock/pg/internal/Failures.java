package io.instancelock.pg.internal;

import io.instancelock.core.LockException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/** Turns the driver's exceptions into {@link LockException}s whose messages name the server and the cause in words, never the password. */
public final class Failures {

    private Failures() {}

    /** Whether the error means the session is gone or was never there (not a refused statement). */
    public static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return state == null
                || state.startsWith("08")
                || state.equals("57P01")
                || state.equals("57P02")
                || state.equals("57P03");
    }

    /**
     * A user-facing exception for a failure while {@code doing} something on the server.
     *
     * @param doing e.g. {@code claim account 123456}
     */
    public static LockException of(ServerAddress server, String doing, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String where = "lock server " + server.display();
        if (state.equals("28P01") || state.equals("28000")) {
            return new LockException(
                    LockException.Kind.CREDENTIALS_REFUSED,
                    where + " refused the credentials of user " + server.user() + " (" + words(server, e)
                            + "): check the user and its password (in the URL, PGPASSWORD or ~/.pgpass)",
                    null);
        }
        if (state.equals("3D000")) {
            return new LockException(
                    LockException.Kind.UNUSABLE_LOCATION,
                    where + " has no database " + server.database() + ": create it, or name another one in the URL",
                    null);
        }
        if (isConnectionLoss(e)) {
            return new LockException(
                    LockException.Kind.SERVER_UNREACHABLE,
                    where + " cannot be reached: " + words(server, e) + " (could not " + doing
                            + "; check that the server runs and this computer may connect to it)",
                    null);
        }
        if (state.equals("42501")) {
            return new LockException(
                    LockException.Kind.UNUSABLE_LOCATION,
                    where + " could not " + doing + ": " + words(server, e) + ". An admin must grant user "
                            + server.user() + " the rights on schema instance_lock (`lockctl server-init --print-sql`"
                            + " prints the SQL, with the GRANTs)",
                    null);
        }
        return new LockException(
                LockException.Kind.UNUSABLE_LOCATION, where + " could not " + doing + ": " + words(server, e), null);
    }

    /** The cause in words: the innermost network error, else the server's message; the password scrubbed. */
    static String words(ServerAddress server, Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return "connection refused by " + server.host() + ":" + server.port();
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + server.host();
            }
            if (cause instanceof NoRouteToHostException) {
                return "no route to host " + server.host();
            }
            if (cause instanceof SocketTimeoutException) {
                return "no answer in time from " + server.host() + ":" + server.port();
            }
        }
        return scrub(server, String.valueOf(e.getMessage()));
    }

    /** The message without the password, should a driver or server ever echo it. */
    static String scrub(ServerAddress server, String message) {
        String password = server.password();
        String text = message.replaceAll("\\s+", " ").trim();
        if (password != null && !password.isEmpty()) {
            text = text.replace(password, "***");
        }
        return text.startsWith("FATAL: ") ? text.substring(7) : text.replaceFirst("^ERROR: ", "");
    }
}
