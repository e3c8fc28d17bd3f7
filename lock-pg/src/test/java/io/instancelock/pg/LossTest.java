package io.instancelock.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.pg.internal.Schema;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A holder learns that its lock is lost, before anyone else can take the account, and the next holder's token is larger. */
class LossTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final AccountId ACCOUNT = AccountId.of("123456");

    @TempDir
    Path dataDir;

    private static LockHandle held(AccountLocks locks) {
        Acquisition attempt = locks.tryAcquire(ACCOUNT, "john");
        assertThat(attempt.acquired()).as("acquired: %s", attempt).isTrue();
        return ((Acquisition.Acquired) attempt).handle();
    }

    @Test
    void endedSessionIsALossAndTheNextHolderGetsALargerToken() throws Exception {
        String url = PgServer.freshDatabase();
        try (AccountLocks locks = AccountLocks.open(url, Clock.systemDefaultZone())) {
            LockHandle lock = held(locks);
            long token = lock.fencingToken().orElseThrow();
            // when
            PgServer.terminate(PgServer.database(url), PgServer.holderPid(PgServer.database(url), ACCOUNT.value()));
            // then
            await().atMost(PATIENCE).until(() -> lock.loss().isPresent());
            assertThat(lock.loss().orElseThrow().reason()).contains("ended the session");
            lock.close();
            LockHandle next = held(locks);
            assertThat(next.fencingToken().orElseThrow()).isGreaterThan(token);
            next.close();
        }
    }

    @Test
    void frozenNetworkIsALossBeforeAnotherSessionGetsTheLock() throws Exception {
        String url = PgServer.freshDatabase();
        String database = PgServer.database(url);
        try (TcpProxy proxy = new TcpProxy(PgServer.shared().getPort());
                AccountLocks locks =
                        AccountLocks.open(PgServer.url(proxy.port(), database), Clock.systemDefaultZone());
                Connection other = PgServer.admin(database)) {
            LockHandle lock = held(locks);
            long token = lock.fencingToken().orElseThrow();
            AtomicLong lostAt = new AtomicLong();
            lock.whenLost().thenRun(() -> lostAt.set(System.nanoTime()));
            int key = accountKey(other);
            CompletableFuture<Long> otherGotIt = CompletableFuture.supplyAsync(() -> {
                try (Statement statement = other.createStatement()) {
                    statement.execute("SELECT pg_advisory_lock(" + Schema.CLASS_ID + ", " + key + ")");
                    return System.nanoTime();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(PATIENCE).until(() -> waiters(database) == 1);
            // when
            long frozenAt = System.nanoTime();
            proxy.freeze();
            // then
            long gotIt = otherGotIt.get(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            assertThat(lostAt.get())
                    .as("lost before the other session got the lock")
                    .isNotZero();
            assertThat(lostAt.get()).isLessThan(gotIt);
            System.out.printf(
                    "frozen network: lost after %d ms, server gave the lock away after %d ms%n",
                    (lostAt.get() - frozenAt) / 1_000_000, (gotIt - frozenAt) / 1_000_000);
            assertThat(lock.loss().orElseThrow().reason()).contains("no heartbeat was confirmed");
            lock.close();
            try (Statement statement = other.createStatement()) {
                statement.execute("SELECT pg_advisory_unlock_all()");
            }
            proxy.thaw();
            try (AccountLocks direct = AccountLocks.open(url, Clock.systemDefaultZone())) {
                LockHandle next = held(direct);
                assertThat(next.fencingToken().orElseThrow()).isGreaterThan(token);
                next.close();
            }
        }
    }

    @Test
    void serverRestartIsALossAndTokensSurviveIt() throws Exception {
        EmbeddedPostgres server = PgServer.start(dataDir, 0, false);
        int port = server.getPort();
        String url = PgServer.url(port, "postgres");
        long token;
        try (AccountLocks locks = AccountLocks.open(url, Clock.systemDefaultZone())) {
            LockHandle lock = held(locks);
            token = lock.fencingToken().orElseThrow();
            // when
            server.close();
            // then
            await().atMost(PATIENCE).until(() -> lock.loss().isPresent());
            lock.close();
        }
        try (EmbeddedPostgres again = PgServer.start(dataDir, port, false);
                AccountLocks locks = AccountLocks.open(url, Clock.systemDefaultZone())) {
            LockHandle next = held(locks);
            assertThat(next.fencingToken().orElseThrow()).isGreaterThan(token);
            next.close();
        }
    }

    private static int accountKey(Connection admin) throws Exception {
        try (Statement statement = admin.createStatement();
                var row = statement.executeQuery("SELECT account_key FROM instance_lock.accounts WHERE account_id = '"
                        + ACCOUNT.value() + "'")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static int waiters(String database) throws Exception {
        try (Connection admin = DriverManager.getConnection(PgServer.shared().getJdbcUrl("postgres", database));
                Statement statement = admin.createStatement();
                var row = statement.executeQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            row.next();
            return row.getInt(1);
        }
    }
}
