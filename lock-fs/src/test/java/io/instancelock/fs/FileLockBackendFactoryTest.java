package io.instancelock.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileLockBackendFactoryTest {

    private final FileLockBackendFactory factory = new FileLockBackendFactory();

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "postgresql://trader@db.example.com/locks",
                "jdbc:postgresql://db.example.com/locks",
                "postgres://db/locks",
                "https://example.com/locks",
                "s3+x.y-z:bucket"
            })
    void locationWithAnotherSchemeIsNeverTakenForADirectory(String location) {
        assertThat(factory.accepts(location)).isFalse();
        assertThatThrownBy(() -> AccountLocks.open(location, Clock.systemDefaultZone()))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("no lock backend serves");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"locks", "./locks", "/var/locks", "C:\\locks", "file:///var/locks", "1x://y", "my locks: old"})
    void pathsAndFileUrisAreDirectories(String location) {
        assertThat(factory.accepts(location)).isTrue();
    }

    @Test
    void badFileUriIsALockExceptionThatSaysWhatToGive() {
        assertThatThrownBy(() -> AccountLocks.open("file://host/share/locks", Clock.systemDefaultZone()))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("not a usable lock directory")
                .hasMessageContaining("file:///");
    }

    @Test
    void danglingSymbolicLinkAsTheLockDirectorySaysWhatIsWrong() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("locks"), dir.resolve("gone"));
        assertThatThrownBy(() -> AccountLocks.open(link))
                .isInstanceOf(LockException.class)
                .hasMessageContaining("symbolic link to " + dir.resolve("gone"))
                .hasMessageContaining("does not exist");
    }
}
