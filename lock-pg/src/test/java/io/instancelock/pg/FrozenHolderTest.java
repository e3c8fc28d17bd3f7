package io.instancelock.pg;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.pg.internal.Schema;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A holder JVM frozen (SIGSTOP, as a debugger or a suspended laptop would) while the server gives its
 * account away: once it runs again, its first act is to find its deadline passed and report the loss.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class FrozenHolderTest {

    @Test
    void frozenHolderFindsItsLockLostOnWaking() throws Exception {
        String url = PgServer.freshDatabase();
        String database = PgServer.database(url);
        try (HandOverAcrossJvmsTest.Child holder = new HandOverAcrossJvmsTest.Child(url, "laptop");
                Connection other = PgServer.admin(database)) {
            assertThat(holder.ask("take")).isEqualTo("took");
            assertThat(holder.ask("watch")).isEqualTo("watching");
            int key;
            try (Statement statement = other.createStatement();
                    var row = statement.executeQuery("SELECT account_key FROM instance_lock.accounts")) {
                row.next();
                key = row.getInt(1);
            }
            // when: frozen until the server has ended its session and another session got the lock
            signal("STOP", holder.process.pid());
            try (Statement statement = other.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(" + Schema.CLASS_ID + ", " + key + ")");
            }
            signal("CONT", holder.process.pid());
            // then
            String line = CompletableFuture.supplyAsync(() -> {
                        try {
                            return holder.in.readLine();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            assertThat(line).startsWith("lost ").contains("no heartbeat was confirmed");
        }
    }

    private static void signal(String name, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start();
        assertThat(kill.waitFor()).isZero();
    }
}
