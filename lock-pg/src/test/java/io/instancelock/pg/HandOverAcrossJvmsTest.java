package io.instancelock.pg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A waiter in another JVM (another "computer": its own host name) gets the account as soon as the
 * holder releases it; the hand-over times, from just before the release to the waiter holding the
 * lock, are printed (Linux's monotonic clock is the same in every process). Rounds: {@code pg.handover.rounds}.
 */
class HandOverAcrossJvmsTest {

    private static final int WARM_UP = 10;

    static final class Child implements AutoCloseable {
        final Process process;
        final PrintWriter out;
        final BufferedReader in;

        Child(String url, String host) throws Exception {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC"));
            command.addAll(List.of(PgServer.SETTINGS.asJvmOptions()));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), HandOverChild.class.getName(), url));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            builder.environment().put("INSTANCELOCK_HOST", host);
            process = builder.start();
            out = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            expect("ready");
        }

        String ask(String command) throws Exception {
            out.println(command);
            return in.readLine();
        }

        String expect(String prefix) throws Exception {
            String line = in.readLine();
            assertThat(line).startsWith(prefix);
            return line;
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void waiterOnAnotherComputerTakesOverAtTheRelease() throws Exception {
        int rounds = Integer.getInteger("pg.handover.rounds", 40);
        String url = PgServer.freshDatabase();
        String database = PgServer.database(url);
        long[] nanos = new long[rounds];
        try (Child a = new Child(url, "computer-a");
                Child b = new Child(url, "computer-b");
                Connection admin = PgServer.admin(database)) {
            assertThat(a.ask("take")).isEqualTo("took");
            Child holder = a;
            Child waiter = b;
            for (int round = 0; round < WARM_UP + rounds; round++) {
                assertThat(waiter.ask("wait")).isEqualTo("waiting");
                await().pollInterval(Duration.ofMillis(2))
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> waiting(admin) == 1);
                long released = Long.parseLong(holder.ask("release").split(" ")[1]);
                long acquired = Long.parseLong(waiter.expect("acquired").split(" ")[1]);
                if (round >= WARM_UP) {
                    nanos[round - WARM_UP] = acquired - released;
                }
                Child previous = holder;
                holder = waiter;
                waiter = previous;
            }
            holder.ask("release");
        }
        Arrays.sort(nanos);
        System.out.printf(
                "hand-over to a waiter in another JVM: p50 %.2f ms, p99 %.2f ms, max %.2f ms (n=%d)%n",
                nanos[rounds / 2] / 1e6,
                nanos[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)] / 1e6,
                nanos[rounds - 1] / 1e6,
                rounds);
        assertThat(nanos[0]).isPositive();
    }

    private static int waiting(Connection admin) throws Exception {
        try (Statement statement = admin.createStatement();
                var row = statement.executeQuery(
                        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")) {
            row.next();
            return row.getInt(1);
        }
    }
}
