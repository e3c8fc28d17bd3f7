package io.instancelock.pg.internal;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import io.instancelock.pg.internal.Connections.PgConnection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Account locks on a PostgreSQL server. Exclusion is a session-level advisory lock
 * {@code (CLASS_ID, account_key)} held by one dedicated connection per held account; the record and the
 * fencing token live in the schema {@code instance_lock} (see {@link Schema}).
 *
 * <p>Round trips on a warm connection: a claim is one (the {@code claim} function tries or waits for
 * the lock, bumps the token and returns the record found), a write one, a release one.
 *
 * <p>Thread-safe: connections are borrowed for one operation and given back only when they hold
 * nothing (see {@link Connections}); a held slot's connection belongs to the slot alone.
 */
public final class PgBackend implements LockBackend {

    static final String CLAIM = "SELECT * FROM instance_lock.claim(?, ?)";

    static final String RELEASE = "SELECT instance_lock.release(?, ?, ?)";

    static final String UNLOCK_ALL = "SELECT pg_advisory_unlock_all()";

    /** Inserts or replaces the record, only while the claim's token is the account's latest. */
    static final String WRITE = "INSERT INTO instance_lock.holders (account_key, fencing_token, " + Rows.COLUMNS
            + ", holder_backend_pid, written_at)"
            + " SELECT a.account_key, a.fencing_token, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, pg_backend_pid(), now()"
            + " FROM instance_lock.accounts a WHERE a.account_key = ? AND a.fencing_token = ?"
            + " ON CONFLICT (account_key) DO UPDATE SET fencing_token = EXCLUDED.fencing_token,"
            + " pid = EXCLUDED.pid, created_at = EXCLUDED.created_at, broker_username = EXCLUDED.broker_username,"
            + " hostname = EXCLUDED.hostname, process_started_at = EXCLUDED.process_started_at,"
            + " process_start_key = EXCLUDED.process_start_key, bot_pid = EXCLUDED.bot_pid,"
            + " bot_started_at = EXCLUDED.bot_started_at, bot_start_key = EXCLUDED.bot_start_key,"
            + " bot_process_group = EXCLUDED.bot_process_group,"
            + " bot_dies_with_holder = EXCLUDED.bot_dies_with_holder, origin = EXCLUDED.origin,"
            + " holder_backend_pid = EXCLUDED.holder_backend_pid, written_at = EXCLUDED.written_at,"
            + " stop_requested_at = CASE WHEN instance_lock.holders.fencing_token = EXCLUDED.fencing_token"
            + " THEN instance_lock.holders.stop_requested_at END"
            + " WHERE instance_lock.holders.fencing_token <= EXCLUDED.fencing_token";

    /** An account's advisory lock, in {@code pg_locks}, for the account key in {@code ?}. */
    private static final String LOCK_OF = "l.locktype = 'advisory' AND l.classid = " + Schema.CLASS_ID
            + "::oid AND l.objsubid = 2 AND l.granted"
            + " AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database())";

    static final String HEARTBEAT = "SELECT pg_backend_pid(), EXISTS (SELECT 1 FROM pg_locks l WHERE " + LOCK_OF
            + " AND l.pid = pg_backend_pid() AND l.objid = ?::oid), EXISTS (SELECT 1 FROM instance_lock.holders h"
            + " WHERE h.account_key = ? AND h.fencing_token = ? AND h.stop_requested_at IS NOT NULL)";

    private static final String PEEK = "SELECT h.pid AS r_pid, h.created_at AS r_created_at,"
            + " h.broker_username AS r_broker_username, h.hostname AS r_hostname,"
            + " h.process_started_at AS r_process_started_at, h.process_start_key AS r_process_start_key,"
            + " h.bot_pid AS r_bot_pid, h.bot_started_at AS r_bot_started_at, h.bot_start_key AS r_bot_start_key,"
            + " h.bot_process_group AS r_bot_process_group, h.bot_dies_with_holder AS r_bot_dies_with_holder,"
            + " h.origin AS r_origin, h.written_at AS r_written_at,"
            + " (SELECT l.pid FROM pg_locks l WHERE " + LOCK_OF
            + " AND l.objid = a.account_key::oid LIMIT 1) AS lock_pid"
            + " FROM instance_lock.accounts a LEFT JOIN instance_lock.holders h ON h.account_key = a.account_key"
            + " WHERE a.account_id = ?";

    private static final String ACCOUNTS = "SELECT a.account_id FROM instance_lock.holders h"
            + " JOIN instance_lock.accounts a ON a.account_key = h.account_key";

    private static final String REQUEST_STOP = "UPDATE instance_lock.holders h SET stop_requested_at = now()"
            + " FROM instance_lock.accounts a WHERE a.account_id = ? AND h.account_key = a.account_key"
            + " AND h.fencing_token = a.fencing_token"
            + " AND EXISTS (SELECT 1 FROM pg_locks l WHERE " + LOCK_OF + " AND l.objid = a.account_key::oid)";

    /** Sessions of this JVM that hold a claim, as {@code server display + "#" + backend pid}, on every backend. */
    private static final Set<String> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final ServerAddress server;
    private final PgSettings settings;
    private final Connections connections;

    private PgBackend(ServerAddress server, PgSettings settings) {
        this.server = server;
        this.settings = settings;
        this.connections = new Connections(server, settings);
    }

    /**
     * Connects once (so that an unreachable server or refused credentials fail here, with nothing
     * held) and creates the schema if it is missing.
     */
    public static PgBackend open(ServerAddress server, PgSettings settings) {
        return Uninterrupted.call(() -> connect(server, settings));
    }

    private static PgBackend connect(ServerAddress server, PgSettings settings) {
        PgBackend backend = new PgBackend(server, settings);
        PgConnection first;
        try {
            first = backend.connections.open();
        } catch (SQLException e) {
            throw Failures.of(server, "connect", e);
        }
        try {
            if (!Schema.isPresent(first.jdbc())) {
                Schema.create(first.jdbc());
            }
        } catch (SQLException e) {
            Connections.quietlyClose(first);
            if ("42501".equals(e.getSQLState())) {
                throw new LockException(
                        LockException.Kind.UNUSABLE_LOCATION,
                        "lock server " + server.display() + " has no schema instance_lock, and user " + server.user()
                                + " may not create it (" + Failures.words(server, e) + "). An admin must run the SQL"
                                + " that `lockctl server-init --print-sql` prints, beginning with: CREATE SCHEMA IF NOT"
                                + " EXISTS instance_lock; then grant it to " + server.user(),
                        null);
            }
            throw Failures.of(server, "create the schema instance_lock", e);
        }
        backend.connections.giveBack(first);
        return backend;
    }

    ServerAddress server() {
        return server;
    }

    PgSettings settings() {
        return settings;
    }

    Connections connections() {
        return connections;
    }

    @Override
    public Optional<Slot> tryClaim(AccountId account) {
        try {
            return Uninterrupted.call(() -> claimOnce(account, 0));
        } catch (SQLException e) {
            throw Failures.of(server, "claim account " + account, e);
        }
    }

    /**
     * One claim statement on a borrowed connection. A reused connection that turns out dead (the server
     * restarted while it was idle) is dropped and the claim made once more on a new one; nothing can be
     * held by a session that is gone.
     */
    private Optional<Slot> claimOnce(AccountId account, int waitMillis) throws SQLException {
        PgConnection connection = connections.borrow();
        try {
            return claimOn(connection, account, waitMillis);
        } catch (SQLException e) {
            Connections.abort(connection);
            if (connection.fresh() || !Failures.isConnectionLoss(e)) {
                throw e;
            }
        }
        PgConnection fresh = connections.open();
        try {
            return claimOn(fresh, account, waitMillis);
        } catch (SQLException e) {
            Connections.abort(fresh);
            throw e;
        }
    }

    /**
     * Runs the claim statement; a connection that claimed becomes the slot's, one that did not is
     * given back. On an exception the caller drops the connection (which may hold the lock).
     */
    private Optional<Slot> claimOn(PgConnection connection, AccountId account, int waitMillis) throws SQLException {
        long sentNanos = System.nanoTime();
        long sentMillis = System.currentTimeMillis();
        Connections.limit(connection, settings.deadline().plusMillis(waitMillis));
        try (PreparedStatement statement = connection.jdbc().prepareStatement(CLAIM)) {
            statement.setString(1, account.value());
            statement.setInt(2, waitMillis);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    connections.giveBack(connection);
                    return Optional.empty();
                }
                PgSlot slot = new PgSlot(
                        this,
                        account,
                        row.getInt("r_key"),
                        row.getLong("r_token"),
                        connection,
                        Rows.read(row, "r_", account),
                        sentNanos,
                        sentMillis);
                HELD_HERE.add(heldKey(connection.backendPid()));
                return Optional.of(slot);
            }
        }
    }

    /**
     * Waits on the server, in slices of {@link PgSettings#waitSlice()} ({@code pg_advisory_lock} under
     * {@code lock_timeout}), on an I/O thread. An interrupt cancels the statement on the server; a
     * lock granted in that race is let go before the interrupt is reported, so nothing stays held.
     */
    @Override
    public Optional<Slot> claim(AccountId account, Duration timeout) throws InterruptedException {
        if (timeout.isZero() || timeout.isNegative()) {
            return tryClaim(account);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            int slice =
                    (int) Math.max(1, Math.min(settings.waitSlice().toMillis(), TimeUnit.NANOSECONDS.toMillis(left)));
            Optional<Slot> slot = waitSlice(account, slice);
            if (slot.isPresent()) {
                return slot;
            }
        }
    }

    private Optional<Slot> waitSlice(AccountId account, int sliceMillis) throws InterruptedException {
        PgConnection connection;
        try {
            connection = Uninterrupted.call(connections::borrow);
        } catch (SQLException e) {
            throw Failures.of(server, "wait for account " + account, e);
        }
        PgConnection waiting = connection;
        PreparedStatement[] running = new PreparedStatement[1];
        Future<Optional<Slot>> outcome = Threads.IO.submit(() -> {
            long sentNanos = System.nanoTime();
            long sentMillis = System.currentTimeMillis();
            Connections.limit(waiting, settings.deadline().plusMillis(sliceMillis));
            try (PreparedStatement statement = waiting.jdbc().prepareStatement(CLAIM)) {
                synchronized (running) {
                    running[0] = statement;
                }
                statement.setString(1, account.value());
                statement.setInt(2, sliceMillis);
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return Optional.<Slot>empty();
                    }
                    return Optional.<Slot>of(new PgSlot(
                            this,
                            account,
                            row.getInt("r_key"),
                            row.getLong("r_token"),
                            waiting,
                            Rows.read(row, "r_", account),
                            sentNanos,
                            sentMillis));
                }
            }
        });
        try {
            Optional<Slot> slot = outcome.get();
            if (slot.isEmpty()) {
                connections.giveBack(connection);
            } else {
                HELD_HERE.add(heldKey(connection.backendPid()));
            }
            return slot;
        } catch (ExecutionException e) {
            Connections.abort(connection);
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw Failures.of(server, "wait for account " + account, sql);
            }
            throw new LockException(
                    LockException.Kind.UNUSABLE_LOCATION,
                    "lock server " + server.display() + ": waiting for account " + account + " failed: " + cause,
                    null);
        } catch (InterruptedException e) {
            cancelAndLetGo(outcome, running, connection);
            throw e;
        }
    }

    /** After an interrupt: cancels the wait on the server, lets go a lock granted meanwhile, drops the session. */
    private void cancelAndLetGo(Future<Optional<Slot>> outcome, PreparedStatement[] running, PgConnection connection) {
        synchronized (running) {
            if (running[0] != null) {
                try {
                    running[0].cancel();
                } catch (SQLException ignored) {
                    // The session is dropped below in any case.
                }
            }
        }
        try {
            Optional<Slot> granted = outcome.get(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
            granted.ifPresent(Slot::close);
            if (granted.isPresent()) {
                return;
            }
        } catch (ExecutionException | TimeoutException | RuntimeException ignored) {
            // Cancelled (the usual case), or no answer: dropping the session frees whatever it holds.
        } catch (InterruptedException again) {
            Thread.currentThread().interrupt();
        }
        try (Statement statement = connection.jdbc().createStatement()) {
            statement.execute(UNLOCK_ALL);
        } catch (SQLException ignored) {
            // Dropped below.
        }
        Connections.abort(connection);
    }

    /** The claim of an account, from {@code pg_locks}, and its record. */
    @Override
    public Peek peek(AccountId account) {
        return withConnection("look at account " + account, connection -> {
            try (PreparedStatement statement = connection.jdbc().prepareStatement(PEEK)) {
                statement.setString(1, account.value());
                try (ResultSet row = statement.executeQuery()) {
                    if (!row.next()) {
                        return new Peek(Peek.Claim.FREE, new SlotContent.Absent());
                    }
                    SlotContent content = Rows.read(row, "r_", account);
                    int lockPid = row.getInt("lock_pid");
                    Peek.Claim claim = row.wasNull()
                            ? Peek.Claim.FREE
                            : HELD_HERE.contains(heldKey(lockPid)) ? Peek.Claim.HELD_IN_THIS_PROCESS : Peek.Claim.HELD;
                    return new Peek(claim, content);
                }
            }
        });
    }

    @Override
    public List<AccountId> accounts() {
        return withConnection("list the accounts", connection -> {
            List<AccountId> accounts = new ArrayList<>();
            try (Statement statement = connection.jdbc().createStatement();
                    ResultSet rows = statement.executeQuery(ACCOUNTS)) {
                while (rows.next()) {
                    accounts.add(AccountId.of(rows.getString(1)));
                }
            }
            Collections.sort(accounts);
            return accounts;
        });
    }

    /** Records a stop request in the holder's row, only while its claim is held. */
    @Override
    public boolean requestStop(AccountId account) {
        return withConnection("record a stop request for account " + account, connection -> {
            try (PreparedStatement statement = connection.jdbc().prepareStatement(REQUEST_STOP)) {
                statement.setString(1, account.value());
                return statement.executeUpdate() > 0;
            }
        });
    }

    @Override
    public String location() {
        return server.display();
    }

    @Override
    public String locationOf(AccountId account) {
        return "account " + account + " on " + server.display();
    }

    @Override
    public void close() {
        connections.close();
    }

    void forget(PgSlot slot) {
        HELD_HERE.remove(heldKey(slot.backendPid()));
    }

    private String heldKey(int backendPid) {
        return server.display() + "#" + backendPid;
    }

    private interface Work<T> {
        T run(PgConnection connection) throws SQLException;
    }

    /** Runs read or request statements on a borrowed connection (they take no lock), once more on a fresh one if a reused one was dead. */
    private <T> T withConnection(String doing, Work<T> work) {
        return Uninterrupted.call(() -> tryWithConnection(doing, work));
    }

    private <T> T tryWithConnection(String doing, Work<T> work) {
        for (int attempt = 0; ; attempt++) {
            PgConnection connection;
            try {
                connection = attempt == 0 ? connections.borrow() : connections.open();
            } catch (SQLException e) {
                throw Failures.of(server, doing, e);
            }
            try {
                Connections.limit(connection, settings.deadline());
                T result = work.run(connection);
                connections.giveBack(connection);
                return result;
            } catch (SQLException e) {
                Connections.abort(connection);
                if (attempt > 0 || connection.fresh() || !Failures.isConnectionLoss(e)) {
                    throw Failures.of(server, doing, e);
                }
            }
        }
    }
}
