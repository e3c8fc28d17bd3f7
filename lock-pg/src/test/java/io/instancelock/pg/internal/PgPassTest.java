package io.instancelock.pg.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgPassTest {

    @TempDir
    Path dir;

    private PgPass file(String content) throws IOException {
        Path file = dir.resolve("pgpass");
        Files.writeString(file, content);
        return PgPass.at(file);
    }

    @Test
    void firstMatchingLineWinsWithWildcards() throws IOException {
        PgPass pgpass = file("""
                # comment
                db.example.com:5432:trading:bot:exact
                *:5432:*:bot:any-host
                *:*:*:*:fallback
                """);
        assertThat(pgpass.find("db.example.com", 5432, "trading", "bot")).contains("exact");
        assertThat(pgpass.find("other", 5432, "trading", "bot")).contains("any-host");
        assertThat(pgpass.find("other", 5433, "trading", "bot")).contains("fallback");
    }

    @Test
    void escapedColonsAndBackslashesAreFieldText() throws IOException {
        PgPass pgpass = file("h:5432:db:us\\:er:pa\\:ss\\\\word\n");
        assertThat(pgpass.find("h", 5432, "db", "us:er")).contains("pa:ss\\word");
    }

    @Test
    void localhostEntryServesTheLoopbackAddress() throws IOException {
        PgPass pgpass = file("localhost:5432:db:u:local\n");
        assertThat(pgpass.find("127.0.0.1", 5432, "db", "u")).contains("local");
        assertThat(pgpass.find("10.0.0.1", 5432, "db", "u")).isEmpty();
    }

    @Test
    void missingFileOrNoMatchGivesNothing() throws IOException {
        assertThat(PgPass.at(dir.resolve("none")).find("h", 1, "d", "u")).isEmpty();
        assertThat(file("h:1:d:other:pw\nshort:line\n").find("h", 1, "d", "u")).isEmpty();
    }

    @Test
    void pgpassfileNamesTheFile() {
        Map<String, String> env = Map.of("PGPASSFILE", "/tmp/elsewhere");
        assertThat(PgPass.defaultFile(env::get)).extracting("file").isEqualTo(Path.of("/tmp/elsewhere"));
    }
}
