package io.instancelock.pg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
import io.instancelock.core.LockRecord;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.SlotContent;
import io.instancelock.pg.PgServer;
import io.instancelock.testsupport.ChildLocks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every claim of an account gets a larger token, whoever claims it; a write with an older token changes nothing. */
class FencingTokenTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");

    private static LockRecord record(String host) {
        return new LockRecord(
                ACCOUNT,
                4711,
                LocalDateTime.of(2025, 11, 9, 14, 30),
                "broker-" + host,
                host,
                null,
                null,
                null,
                RecordOrigin.INSTANCE_LOCK);
    }

    @Test
    void tokensGrowAcrossClaimsBackendsAndProcesses() throws Exception {
        String url = PgServer.freshDatabase();
        List<Long> tokens = new ArrayList<>();
        try (PgBackend a = PgBackend.open(ServerAddress.parse(url), PgServer.SETTINGS);
                PgBackend b = PgBackend.open(ServerAddress.parse(url), PgServer.SETTINGS)) {
            for (int round = 0; round < 3; round++) {
                for (PgBackend backend : List.of(a, b)) {
                    PgSlot slot = (PgSlot) backend.tryClaim(ACCOUNT).orElseThrow();
                    tokens.add(slot.fencingToken().orElseThrow());
                    slot.write(record(backend == a ? "host-a" : "host-b"));
                    slot.retire();
                }
                try (ChildLocks child = ChildLocks.start(url, PgServer.SETTINGS.asJvmOptions())) {
                    assertThat(child.hold(ACCOUNT, "child")).isTrue();
                    child.release(ACCOUNT);
                }
            }
        }
        assertThat(tokens).isSorted().doesNotHaveDuplicates().hasSize(6);
        assertThat(tokens.get(2) - tokens.get(1))
                .as("the child's claim took a token too")
                .isEqualTo(2);
    }

    @Test
    void writeWithAnOlderTokenChangesNothing() throws Exception {
        String url = PgServer.freshDatabase();
        String database = PgServer.database(url);
        try (PgBackend a = PgBackend.open(ServerAddress.parse(url), PgServer.SETTINGS);
                PgBackend b = PgBackend.open(ServerAddress.parse(url), PgServer.SETTINGS)) {
            PgSlot old = (PgSlot) a.tryClaim(ACCOUNT).orElseThrow();
            old.write(record("host-a"));
            long oldToken = old.fencingToken().orElseThrow();
            PgServer.terminate(database, old.backendPid());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> old.lost().toCompletableFuture().isDone());
            PgSlot current = (PgSlot) b.tryClaim(ACCOUNT).orElseThrow();
            current.write(record("host-b"));
            // when: the old holder's write arrives late, on any session
            int changed;
            try (Connection admin = PgServer.admin(database);
                    PreparedStatement write = admin.prepareStatement(PgBackend.WRITE)) {
                int next = Rows.bind(write, 1, record("host-a"));
                write.setInt(next, key(admin));
                write.setLong(next + 1, oldToken);
                changed = write.executeUpdate();
            }
            // then
            assertThat(changed).isZero();
            assertThat(((SlotContent.Present) b.peek(ACCOUNT).content())
                            .record()
                            .hostname())
                    .isEqualTo("host-b");
            assertThatThrownBy(() -> old.write(record("host-a"))).isInstanceOf(LockException.class);
            assertThat(current.fencingToken().orElseThrow()).isGreaterThan(oldToken);
            old.close();
            current.retire();
        }
    }

    private static int key(Connection admin) throws Exception {
        try (var statement = admin.createStatement();
                var row = statement.executeQuery("SELECT account_key FROM instance_lock.accounts")) {
            row.next();
            return row.getInt(1);
        }
    }
}
