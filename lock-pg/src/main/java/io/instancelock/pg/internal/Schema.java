package io.instancelock.pg.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The server's side of the lock: schema {@code instance_lock} with a table of accounts (whose identity
 * column is the advisory lock's second key, so that two accounts never share a lock), a table of
 * holder records, and the two functions that claim and release in one round trip each.
 */
public final class Schema {

    /** The advisory lock's first key, the same for every account: "ILOC". */
    public static final int CLASS_ID = 0x494C4F43;

    /** Second key of the transaction lock taken while creating the schema (identities are positive). */
    static final int CREATE_KEY = -1;

    /** Second key of {@code lockctl doctor}'s two-session lock test. */
    public static final int DOCTOR_KEY = -2;

    private Schema() {}

    /** The SQL that creates everything, idempotent: what an admin runs when users may not create it. */
    public static String sql() {
        return """
                CREATE SCHEMA IF NOT EXISTS instance_lock;

                -- One row per account ever locked; account_key is the advisory lock's second key.
                CREATE TABLE IF NOT EXISTS instance_lock.accounts (
                    account_key integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    account_id text NOT NULL UNIQUE,
                    fencing_token bigint NOT NULL DEFAULT 0
                );

                -- The holder's record, as in the lock file, plus the claim's fencing token.
                CREATE TABLE IF NOT EXISTS instance_lock.holders (
                    account_key integer PRIMARY KEY REFERENCES instance_lock.accounts,
                    fencing_token bigint NOT NULL,
                    pid bigint NOT NULL,
                    created_at text NOT NULL,
                    broker_username text,
                    hostname text,
                    process_started_at text,
                    process_start_key text,
                    bot_pid bigint,
                    bot_started_at text,
                    bot_start_key text,
                    bot_process_group bigint,
                    bot_dies_with_holder boolean,
                    origin text NOT NULL,
                    holder_backend_pid integer NOT NULL,
                    written_at timestamptz NOT NULL DEFAULT now(),
                    stop_requested_at timestamptz
                );

                -- Claims an account (waiting up to p_wait_ms, 0: not at all) with a session advisory lock,
                -- bumps its fencing token and returns the new token with the record found.
                CREATE OR REPLACE FUNCTION instance_lock.claim(p_account text, p_wait_ms integer)
                RETURNS TABLE (r_key integer, r_token bigint, r_pid bigint, r_created_at text,
                    r_broker_username text, r_hostname text, r_process_started_at text, r_process_start_key text,
                    r_bot_pid bigint, r_bot_started_at text, r_bot_start_key text, r_bot_process_group bigint,
                    r_bot_dies_with_holder boolean, r_origin text, r_written_at timestamptz)
                LANGUAGE plpgsql AS $fn$
                DECLARE
                    k integer;
                    t bigint;
                BEGIN
                    SELECT a.account_key INTO k FROM instance_lock.accounts a WHERE a.account_id = p_account;
                    IF k IS NULL THEN
                        INSERT INTO instance_lock.accounts (account_id) VALUES (p_account)
                            ON CONFLICT (account_id) DO NOTHING;
                        SELECT a.account_key INTO k FROM instance_lock.accounts a WHERE a.account_id = p_account;
                    END IF;
                    IF p_wait_ms <= 0 THEN
                        IF NOT pg_try_advisory_lock(%1$d, k) THEN
                            RETURN;
                        END IF;
                    ELSE
                        PERFORM set_config('lock_timeout', p_wait_ms || 'ms', true);
                        BEGIN
                            PERFORM pg_advisory_lock(%1$d, k);
                        EXCEPTION WHEN lock_not_available THEN
                            RETURN;
                        END;
                        PERFORM set_config('lock_timeout', '0', true);
                    END IF;
                    UPDATE instance_lock.accounts a SET fencing_token = a.fencing_token + 1
                        WHERE a.account_key = k RETURNING a.fencing_token INTO t;
                    RETURN QUERY SELECT k, t, h.pid, h.created_at, h.broker_username, h.hostname,
                            h.process_started_at, h.process_start_key, h.bot_pid, h.bot_started_at, h.bot_start_key,
                            h.bot_process_group, h.bot_dies_with_holder, h.origin, h.written_at
                        FROM (SELECT 1) AS one LEFT JOIN instance_lock.holders h ON h.account_key = k;
                END
                $fn$;

                -- Removes the record unless a later claim wrote it (p_remove), then lets every advisory lock
                -- of the session go; true if the account's lock was held.
                CREATE OR REPLACE FUNCTION instance_lock.release(p_key integer, p_token bigint, p_remove boolean)
                RETURNS boolean
                LANGUAGE plpgsql AS $fn$
                DECLARE
                    was_held boolean;
                BEGIN
                    -- Only while this session holds the claim: then the record is the one found or written
                    -- under it (anyone who wrote since has a larger token).
                    IF p_remove AND EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory'
                            AND l.pid = pg_backend_pid() AND l.classid = %1$d::oid AND l.objid = p_key::oid
                            AND l.objsubid = 2 AND l.granted) THEN
                        DELETE FROM instance_lock.holders h WHERE h.account_key = p_key AND h.fencing_token <= p_token;
                    END IF;
                    was_held := pg_advisory_unlock(%1$d, p_key);
                    PERFORM pg_advisory_unlock_all();
                    RETURN was_held;
                END
                $fn$;
                """.formatted(CLASS_ID);
    }

    /** The grants an admin adds for a role that uses a schema the admin created. */
    public static String grantsFor(String role) {
        String quoted = "\"" + role.replace("\"", "\"\"") + "\"";
        return """
                GRANT USAGE ON SCHEMA instance_lock TO %1$s;
                GRANT SELECT, INSERT, UPDATE, DELETE ON instance_lock.accounts, instance_lock.holders TO %1$s;
                GRANT EXECUTE ON FUNCTION instance_lock.claim(text, integer), instance_lock.release(integer, bigint, boolean) TO %1$s;
                """.formatted(quoted);
    }

    /** Whether the schema's tables and functions are all there. */
    public static boolean isPresent(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT to_regclass('instance_lock.accounts') IS NOT NULL"
                        + " AND to_regclass('instance_lock.holders') IS NOT NULL"
                        + " AND to_regprocedure('instance_lock.claim(text, integer)') IS NOT NULL"
                        + " AND to_regprocedure('instance_lock.release(integer, bigint, boolean)') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /**
     * Creates what is missing, in one transaction under a transaction advisory lock (so that two
     * processes creating it at once do not collide).
     *
     * @throws SQLException with SQLState 42501 when the user may not create it
     */
    public static void create(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + CLASS_ID + ", " + CREATE_KEY + ")");
            statement.execute(sql());
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }
}
