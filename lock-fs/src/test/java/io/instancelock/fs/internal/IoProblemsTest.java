package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.instancelock.core.LockException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoProblemsTest {

    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNamedAsMissing() {
        Path missing = dir.resolve("gone");

        IOException failure = thrownBy(() -> Files.readAttributes(missing, "size"));

        assertThat(IoProblems.describe(failure)).isEqualTo("no such file or directory: " + missing);
    }

    @Test
    void theKernelsReasonIsGivenWhenThereIsOne() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path under = file.resolve("locks");

        IOException failure = thrownBy(() -> Files.createDirectories(under));

        assertThat(IoProblems.describe(failure)).isEqualTo("not a directory: " + under);
    }

    @Test
    void aRefusalIsNamedAsARefusal() {
        assertThat(IoProblems.describe(new AccessDeniedException("/srv/locks")))
                .isEqualTo("permission denied: /srv/locks");
    }

    @Test
    void aLockDirectoryThatCannotBeMadeIsExplainedWithoutExceptionNames() throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");
        Path lockDir = file.resolve("locks");

        assertThatThrownBy(() -> FileLockBackend.open(lockDir, null))
                .isInstanceOf(LockException.class)
                .hasMessage("cannot create lock directory " + lockDir + " (not a directory: " + lockDir
                        + "): check that its parent is a directory this user can write to");
    }

    private interface Failing {
        void run() throws IOException;
    }

    private static IOException thrownBy(Failing action) {
        try {
            action.run();
        } catch (IOException e) {
            return e;
        }
        throw new AssertionError("expected an IOException");
    }
}
