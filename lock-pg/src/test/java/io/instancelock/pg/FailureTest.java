package io.instancelock.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** Failures say what happened in words, with the right kind, never the password, and leave nothing held. */
class FailureTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");

    private static AccountLocks open(String url) {
        return AccountLocks.open(url, Clock.systemDefaultZone());
    }

    @Test
    void unreachableServerAtOpenIsNamedWithTheCause() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        assertThatThrownBy(() -> open("postgresql://bot:pw-not-shown@127.0.0.1:" + port + "/locks"))
                .isInstanceOfSatisfying(
                        LockException.class, e -> assertThat(e.kind()).isEqualTo(LockException.Kind.SERVER_UNREACHABLE))
                .hasMessageStartingWith("lock server postgresql://bot@127.0.0.1:" + port
                        + "/locks cannot be reached: connection refused")
                .hasMessageNotContaining("pw-not-shown");
    }

    @Test
    void serverGoneAtClaimFailsClosedAndLeavesNothingHeld() throws Exception {
        String url = PgServer.freshDatabase();
        String database = PgServer.database(url);
        TcpProxy proxy = new TcpProxy(PgServer.shared().getPort());
        try (AccountLocks locks = open(PgServer.url(proxy.port(), database))) {
            // when
            proxy.close();
            // then
            assertThatThrownBy(() -> locks.tryAcquire(ACCOUNT, "john"))
                    .isInstanceOfSatisfying(
                            LockException.class,
                            e -> assertThat(e.kind()).isEqualTo(LockException.Kind.SERVER_UNREACHABLE))
                    .hasMessageContaining("cannot be reached");
        }
        assertThat(PgServer.advisoryLocks(database)).isZero();
        try (AccountLocks direct = open(url)) {
            assertThat(direct.list()).isEmpty();
            assertThat(direct.tryAcquire(ACCOUNT, "john").acquired()).isTrue();
        }
    }

    @Test
    void wrongPasswordIsRefusedCredentialsWithoutThePassword() {
        PgServer.shared();
        PgServer.sql(
                "postgres",
                "DO $$ BEGIN CREATE ROLE alice LOGIN PASSWORD 'right-pw';"
                        + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        String url = "postgresql://alice:wrong-pw-4711@127.0.0.1:"
                + PgServer.shared().getPort() + "/postgres";
        assertThatThrownBy(() -> open(url))
                .isInstanceOfSatisfying(
                        LockException.class,
                        e -> assertThat(e.kind()).isEqualTo(LockException.Kind.CREDENTIALS_REFUSED))
                .hasMessageContaining("refused the credentials of user alice")
                .hasMessageNotContaining("wrong-pw-4711");
    }

    @Test
    void userWithoutRightsIsToldWhichSqlAnAdminMustRunAndThenItWorks() {
        String admin = PgServer.freshDatabase();
        String database = PgServer.database(admin);
        PgServer.sql(
                "postgres",
                "DO $$ BEGIN CREATE ROLE bob LOGIN PASSWORD 'bob-pw';"
                        + " EXCEPTION WHEN duplicate_object THEN NULL; END $$");
        String url = "postgresql://bob:bob-pw@127.0.0.1:" + PgServer.shared().getPort() + "/" + database;
        assertThatThrownBy(() -> open(url))
                .isInstanceOfSatisfying(
                        LockException.class, e -> assertThat(e.kind()).isEqualTo(LockException.Kind.UNUSABLE_LOCATION))
                .hasMessageContaining("may not create it")
                .hasMessageContaining("lockctl server-init --print-sql")
                .hasMessageContaining("CREATE SCHEMA IF NOT EXISTS instance_lock")
                .hasMessageNotContaining("bob-pw");
        // when an admin runs the printed SQL
        PgServer.sql(database, ServerSchema.sqlFor("bob"));
        // then
        try (AccountLocks locks = open(url)) {
            assertThat(locks.tryAcquire(ACCOUNT, "bob").acquired()).isTrue();
            assertThat(locks.inspect(ACCOUNT).holder().brokerUsername()).isEqualTo("bob");
        }
    }
}
