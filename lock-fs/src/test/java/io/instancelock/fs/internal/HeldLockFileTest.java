package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waiter that has the guard byte but meets the lock file held by another process (a holder killed
 * an instant ago, whose descriptors the kernel is still closing, or one from before the guard file
 * was replaced) tries that file again while keeping the guard byte: it must end up holding the file
 * the path names, never one removed meanwhile.
 */
class HeldLockFileTest {

    private static final AccountId ACCOUNT = AccountId.of("424242");

    @TempDir
    Path dir;

    private Process holder;

    @AfterEach
    void cleanUp() throws InterruptedException {
        FaultHooks.reset();
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    @Test
    @DisabledOnOs(
            value = OS.WINDOWS,
            disabledReason = "a file open in another process cannot be deleted there, so such a holder cannot exist")
    void waiterWhoseHeldLockFileIsRemovedMeanwhileHoldsTheFileThePathNamesAfterwards() throws Exception {
        // given: another process holds the lock file's own lock, and no guard byte
        Path file = dir.resolve("account_" + ACCOUNT + ".lock");
        BufferedReader answers = startHolder(file);
        assertThat(answers.readLine()).isEqualTo("HELD");
        // and: while this process tries that file again, the holder removes it and lets go
        AtomicInteger triesAgain = new AtomicInteger();
        FaultHooks.whileLockFileHeld = () -> {
            if (triesAgain.getAndIncrement() == 0) {
                dropFile(answers);
            }
        };
        try (AccountLocks locks = AccountLocks.using(FileLockBackend.open(dir), Clock.systemDefaultZone())) {
            // when
            Acquisition attempt = locks.tryAcquire(ACCOUNT, "me", Duration.ofSeconds(30));
            // then: the account is held, through the file the path names now
            assertThat(triesAgain.get()).isPositive();
            assertThat(attempt).isInstanceOf(Acquisition.Acquired.class);
            LockHandle handle = ((Acquisition.Acquired) attempt).handle();
            assertThat(Files.readString(file))
                    .containsPattern(
                            "\"pid\"\\s*:\\s*" + ProcessHandle.current().pid() + "\\b");
            assertThat(handle.isHeld()).isTrue();
            handle.close();
            assertThat(file).doesNotExist();
        }
    }

    private BufferedReader startHolder(Path file) throws IOException {
        holder = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        BareHolderMain.class.getName(),
                        file.toString()))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        return new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    }

    private void dropFile(BufferedReader answers) {
        try {
            Writer commands = new java.io.OutputStreamWriter(holder.getOutputStream(), StandardCharsets.UTF_8);
            commands.write("drop\n");
            commands.flush();
            assertThat(answers.readLine()).isEqualTo("DROPPED");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
