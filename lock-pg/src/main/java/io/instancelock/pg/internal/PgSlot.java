package io.instancelock.pg.internal;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.LockRecord;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import io.instancelock.pg.internal.Connections.PgConnection;
import java.lang.System.Logger.Level;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An account claimed on the lock server: a session advisory lock held by a dedicated connection, and
 * the claim's fencing token.
 *
 * <p>While held, the clock thread ticks every quarter heartbeat:
 *
 * <ol>
 *   <li>if no heartbeat was confirmed for {@link PgSettings#deadline()}, by the monotonic clock or by the
 *       wall clock (which, unlike {@code System.nanoTime()}, advances while a laptop sleeps), the claim
 *       is lost: this comes first, also on waking from a freeze;
 *   <li>else, once per heartbeat, a heartbeat runs on an I/O thread: one statement that returns the
 *       session's backend pid, whether it still holds the advisory lock, and whether a stop was
 *       requested. A failed statement (the session ended: {@code pg_terminate_backend}, a restart), a
 *       changed backend pid (a pooler switched sessions) or a lock no longer held is a loss at once.
 *       A heartbeat counts from when it was sent, and a late answer is checked against the deadline
 *       first.
 * </ol>
 *
 * <p>A loss is never repaired by reconnecting: the slot keeps its session (if any) until closed, so
 * that the server keeps the lock as long as it can while the bot is being stopped.
 *
 * <p>Invariants: the connection is used by one statement at a time, under {@code session}; the
 * content is written only under {@code session}; {@code closed} turns true once.
 */
final class PgSlot implements Slot {

    private static final System.Logger LOG = System.getLogger(PgSlot.class.getName());

    private final PgBackend backend;
    private final AccountId account;
    private final int key;
    private final long token;
    private final PgConnection connection;
    private final PgSettings settings;
    private final ReentrantLock session = new ReentrantLock();
    private final CompletableFuture<String> lost = new CompletableFuture<>();
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicBoolean beating = new AtomicBoolean();
    private final ScheduledFuture<?> ticks;

    private volatile SlotContent content;
    private volatile long confirmedNanos;
    private volatile long confirmedMillis;
    private volatile long lastBeatNanos;

    PgSlot(
            PgBackend backend,
            AccountId account,
            int key,
            long token,
            PgConnection connection,
            SlotContent content,
            long sentNanos,
            long sentMillis) {
        this.backend = backend;
        this.account = account;
        this.key = key;
        this.token = token;
        this.connection = connection;
        this.settings = backend.settings();
        this.content = content;
        this.confirmedNanos = sentNanos;
        this.confirmedMillis = sentMillis;
        this.lastBeatNanos = sentNanos;
        long tick = Math.max(1, settings.heartbeat().toMillis() / 4);
        this.ticks = Threads.CLOCK.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    int backendPid() {
        return connection.backendPid();
    }

    @Override
    public SlotContent content() {
        return content;
    }

    /**
     * Writes the record, only while this claim's fencing token is the account's latest: a write with an
     * older token changes nothing, and is a loss.
     */
    @Override
    public void write(LockRecord record) {
        Uninterrupted.call(() -> {
            writeNow(record);
            return null;
        });
    }

    private void writeNow(LockRecord record) {
        session.lock();
        try {
            requireUsable();
            int changed;
            try (PreparedStatement statement = connection.jdbc().prepareStatement(PgBackend.WRITE)) {
                int next = Rows.bind(statement, 1, record);
                statement.setInt(next, key);
                statement.setLong(next + 1, token);
                changed = statement.executeUpdate();
            } catch (SQLException e) {
                lose("the lock server ended the session (" + Failures.words(backend.server(), e) + ")");
                throw Failures.of(backend.server(), "write the record of account " + account, e);
            }
            if (changed == 0) {
                String why = "another holder has claimed account " + account + " since (fencing token " + token
                        + " is no longer the latest)";
                lose(why);
                throw new LockException(
                        LockException.Kind.UNUSABLE_LOCATION,
                        "lock server " + backend.server().display() + ": " + why,
                        null);
            }
            content = new SlotContent.Present(record, null);
        } finally {
            session.unlock();
        }
    }

    @Override
    public void retire() {
        release(true);
    }

    @Override
    public void close() {
        release(false);
    }

    /**
     * Lets the claim go in one round trip (removing the record if it is still ours when {@code
     * remove}); after a loss, or if the server does not answer, drops the session instead.
     */
    private void release(boolean remove) {
        Uninterrupted.call(() -> {
            releaseNow(remove);
            return null;
        });
    }

    private void releaseNow(boolean remove) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticks.cancel(false);
        backend.forget(this);
        boolean free = false;
        boolean locked = false;
        try {
            locked = session.tryLock(settings.deadline().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (locked && !lost.isDone()) {
                try (PreparedStatement statement = connection.jdbc().prepareStatement(PgBackend.RELEASE)) {
                    statement.setInt(1, key);
                    statement.setLong(2, token);
                    statement.setBoolean(3, remove);
                    try (ResultSet row = statement.executeQuery()) {
                        free = row.next() && row.getBoolean(1);
                    }
                } catch (SQLException e) {
                    LOG.log(Level.DEBUG, "releasing account {0}: {1}", account, e.getMessage());
                }
            }
        } finally {
            if (locked) {
                session.unlock();
            }
            if (free) {
                backend.connections().giveBack(connection);
            } else {
                // Unknown state: ending the session is what surely frees its lock.
                Connections.abort(connection);
            }
        }
    }

    @Override
    public String location() {
        return backend.locationOf(account);
    }

    @Override
    public CompletionStage<String> lost() {
        return lost;
    }

    @Override
    public CompletionStage<Void> stopRequested() {
        return stopRequested;
    }

    @Override
    public Optional<Duration> confirmationDeadline() {
        return Optional.of(settings.deadline());
    }

    @Override
    public OptionalLong fencingToken() {
        return OptionalLong.of(token);
    }

    /** Runs on the clock thread, which never waits for the server. */
    private void tick() {
        if (closed.get() || lost.isDone()) {
            return;
        }
        if (deadlinePassed()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastBeatNanos >= settings.heartbeat().toNanos() && beating.compareAndSet(false, true)) {
            lastBeatNanos = now;
            Threads.IO.execute(this::beat);
        }
    }

    /** Whether the deadline has passed since the last confirmation, by either clock; if so, the claim is lost. */
    private boolean deadlinePassed() {
        long sinceNanos = System.nanoTime() - confirmedNanos;
        long sinceMillis = System.currentTimeMillis() - confirmedMillis;
        long deadline = settings.deadline().toMillis();
        if (TimeUnit.NANOSECONDS.toMillis(sinceNanos) >= deadline || sinceMillis >= deadline) {
            lose("no heartbeat was confirmed by the lock server for "
                    + Math.max(TimeUnit.NANOSECONDS.toMillis(sinceNanos), sinceMillis) / 1000.0
                    + " s (the deadline is " + deadline / 1000.0 + " s); the server may give the account away");
            return true;
        }
        return false;
    }

    /** One heartbeat, on an I/O thread; skipped while a write or release uses the session. */
    private void beat() {
        try {
            if (!session.tryLock()) {
                return;
            }
            long sentNanos = System.nanoTime();
            long sentMillis = System.currentTimeMillis();
            int pid;
            boolean held;
            boolean stop;
            try {
                if (closed.get() || lost.isDone()) {
                    return;
                }
                try (PreparedStatement statement = connection.jdbc().prepareStatement(PgBackend.HEARTBEAT)) {
                    statement.setInt(1, key);
                    statement.setInt(2, key);
                    statement.setLong(3, token);
                    try (ResultSet row = statement.executeQuery()) {
                        row.next();
                        pid = row.getInt(1);
                        held = row.getBoolean(2);
                        stop = row.getBoolean(3);
                    }
                }
            } catch (SQLException e) {
                lose("the lock server ended the session (" + Failures.words(backend.server(), e) + ")");
                return;
            } finally {
                session.unlock();
            }
            // A late answer first meets the deadline: a holder that was frozen must not count it.
            if (deadlinePassed()) {
                return;
            }
            if (pid != connection.backendPid()) {
                lose("the session's server process changed from pid " + connection.backendPid() + " to " + pid
                        + ": a pooler (such as PgBouncer in transaction mode) is between this computer and the"
                        + " lock server, and it cannot carry the lock; connect to the server directly");
            } else if (!held) {
                lose("the lock server no longer holds this session's lock of account " + account);
            } else {
                confirmedNanos = Math.max(confirmedNanos, sentNanos);
                confirmedMillis = Math.max(confirmedMillis, sentMillis);
                if (stop) {
                    stopRequested.complete(null);
                }
            }
        } finally {
            beating.set(false);
        }
    }

    private void lose(String reason) {
        if (lost.complete(reason)) {
            ticks.cancel(false);
            LOG.log(
                    Level.DEBUG,
                    "lost account {0} on {1}: {2}",
                    account,
                    backend.server().display(),
                    reason);
        }
    }

    private void requireUsable() {
        if (closed.get()) {
            throw new IllegalStateException("the slot of account " + account + " is closed");
        }
        if (lost.isDone()) {
            throw new LockException(
                    LockException.Kind.SERVER_UNREACHABLE,
                    "the lock of account " + account + " on " + backend.server().display() + " was lost: "
                            + lost.getNow(""),
                    null);
        }
    }
}
