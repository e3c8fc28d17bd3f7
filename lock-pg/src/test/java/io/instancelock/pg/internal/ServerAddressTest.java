package io.instancelock.pg.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.LockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerAddressTest {

    private static final UnaryOperator<String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    private static ServerAddress parse(String url) {
        return ServerAddress.parse(url, NO_ENV, null);
    }

    @Test
    void fullUrlIsSplitAndShownWithoutThePassword() {
        ServerAddress server = parse("postgresql://bot:s3cret@locks.example.com:6543/trading?sslmode=verify-full");
        assertThat(server.host()).isEqualTo("locks.example.com");
        assertThat(server.port()).isEqualTo(6543);
        assertThat(server.database()).isEqualTo("trading");
        assertThat(server.user()).isEqualTo("bot");
        assertThat(server.password()).isEqualTo("s3cret");
        assertThat(server.parameters()).containsExactly(Map.entry("sslmode", "verify-full"));
        assertThat(server.display()).isEqualTo("postgresql://bot@locks.example.com:6543/trading");
        assertThat(server.toString()).doesNotContain("s3cret");
        assertThat(server.properties()).containsEntry("sslmode", "verify-full").containsEntry("password", "s3cret");
        assertThat(server.jdbcUrl()).isEqualTo("jdbc:postgresql://locks.example.com:6543/trading");
    }

    @Test
    void postgresAndJdbcSchemesAreAccepted() {
        assertThat(parse("postgres://u@h/db").display()).isEqualTo("postgresql://u@h:5432/db");
        assertThat(parse("jdbc:postgresql://u@h:5433/db").display()).isEqualTo("postgresql://u@h:5433/db");
        assertThat(ServerAddress.isServerUrl("JDBC:POSTGRESQL://h/db")).isTrue();
        assertThat(ServerAddress.isServerUrl("jdbc:mysql://h/db")).isFalse();
        assertThat(ServerAddress.isServerUrl("/var/locks")).isFalse();
    }

    @Test
    void escapesAndIpv6AreDecoded() {
        ServerAddress server = parse("postgresql://us%40er:p%3Aw%2Fd@[::1]:5439/my%20db");
        assertThat(server.user()).isEqualTo("us@er");
        assertThat(server.password()).isEqualTo("p:w/d");
        assertThat(server.host()).isEqualTo("::1");
        assertThat(server.database()).isEqualTo("my db");
        assertThat(server.display()).isEqualTo("postgresql://us@er@[::1]:5439/my db");
    }

    @Test
    void missingPartsComeFromTheEnvironmentThenLibpqDefaults() {
        Map<String, String> env =
                Map.of("PGHOST", "envhost", "PGPORT", "7000", "PGUSER", "envuser", "PGPASSWORD", "pw");
        ServerAddress server = ServerAddress.parse("postgresql://", env::get, null);
        assertThat(server.display()).isEqualTo("postgresql://envuser@envhost:7000/envuser");
        assertThat(server.password()).isEqualTo("pw");
        ServerAddress bare = parse("postgresql:///");
        assertThat(bare.host()).isEqualTo("localhost");
        assertThat(bare.user()).isEqualTo(System.getProperty("user.name"));
    }

    @Test
    void urlPasswordWinsOverTheEnvironmentWhichWinsOverThePasswordFile() throws IOException {
        Path file = dir.resolve("pgpass");
        Files.writeString(file, "*:*:*:*:from-file\n");
        PgPass pgpass = PgPass.at(file);
        assertThat(ServerAddress.parse(
                                "postgresql://u:from-url@h/db", n -> n.equals("PGPASSWORD") ? "from-env" : null, pgpass)
                        .password())
                .isEqualTo("from-url");
        assertThat(ServerAddress.parse("postgresql://u@h/db", n -> n.equals("PGPASSWORD") ? "from-env" : null, pgpass)
                        .password())
                .isEqualTo("from-env");
        assertThat(ServerAddress.parse("postgresql://u@h/db", NO_ENV, pgpass).password())
                .isEqualTo("from-file");
    }

    @Test
    void malformedUrlsAreRefusedWithoutEchoingThePassword() {
        assertThatThrownBy(() -> parse("postgresql://u:topsecret@h:notaport/db"))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("port 'notaport'")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> parse("postgresql://u:topsecret@h1,h2/db"))
                .hasMessageContaining("one host")
                .hasMessageNotContaining("topsecret");
        assertThat(ServerAddress.redact("postgresql://u:topsecret@h/db?password=other"))
                .isEqualTo("postgresql://u:***@h/db?password=***");
    }
}
