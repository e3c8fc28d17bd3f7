package io.instancelock.pg;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code lockctl server-init} and {@code lockctl doctor --server} call. */
class ServerAdminTest {

    @Test
    void printedSqlCreatesTheSchemaAndGrantsARole() {
        assertThat(ServerSchema.sql())
                .contains("CREATE SCHEMA IF NOT EXISTS instance_lock")
                .contains("CREATE TABLE IF NOT EXISTS instance_lock.accounts");
        assertThat(ServerSchema.sqlFor("bot")).contains("GRANT USAGE ON SCHEMA instance_lock TO \"bot\"");
    }

    @Test
    void createIfMissingCreatesOnce() {
        String url = PgServer.freshDatabase();
        assertThat(ServerSchema.createIfMissing(url)).isTrue();
        assertThat(ServerSchema.createIfMissing(url)).isFalse();
    }

    @Test
    void doctorPassesEveryCheckOnAHealthyServer() {
        List<ServerDoctor.Check> checks = ServerDoctor.check(PgServer.freshDatabase());
        checks.forEach(check -> System.out.println("doctor: " + check));
        assertThat(checks)
                .extracting(ServerDoctor.Check::name)
                .containsExactly(
                        "reachable", "server version", "schema", "clock difference", "round trip", "lock test");
        assertThat(checks).allMatch(ServerDoctor.Check::passed);
    }

    @Test
    void doctorStopsAtAnUnreachableServer() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<ServerDoctor.Check> checks = ServerDoctor.check("postgresql://u:secret@127.0.0.1:" + port + "/db");
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).passed()).isFalse();
        assertThat(checks.get(0).detail()).contains("cannot be reached").doesNotContain("secret");
    }
}
