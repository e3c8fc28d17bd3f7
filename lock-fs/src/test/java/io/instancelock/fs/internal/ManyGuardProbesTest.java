package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.fs.LockFileNames;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A list probes the guard byte of every account whose lock file is free; past the first
 * {@link GuardFile#PROBES_BEFORE_ASKING} probes it asks the kernel instead of taking a shared lock
 * (on Linux). Both must tell a byte another process holds from a free one alike.
 */
class ManyGuardProbesTest {

    private static final int ACCOUNTS = GuardFile.PROBES_BEFORE_ASKING * 3;

    @TempDir
    Path dir;

    private Process holder;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (holder != null) {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    @Test
    void aListOfManyAccountsTellsClaimsInProgressFromLeftoversAllTheWayThrough() throws Exception {
        // given: leftover empty lock files, and another process holding the guard bytes of every third
        // account, as claims in progress look from outside
        try (AccountLocks locks = AccountLocks.using(FileLockBackend.open(dir), Clock.systemDefaultZone())) {
            List<String> offsets = new ArrayList<>();
            Set<Long> held = new HashSet<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                String account = Integer.toString(700_000 + i);
                Files.createFile(dir.resolve("account_" + account + ".lock"));
                if (i % 3 == 0) {
                    held.add(GuardOffsets.of(account));
                    offsets.add(Long.toString(GuardOffsets.of(account)));
                }
            }
            startHolder(dir.resolve(LockFileNames.GUARD_FILE), offsets);

            // when
            List<LockStatus> statuses = locks.list();

            // then: held exactly where the other process holds the guard byte, stale elsewhere
            assertThat(statuses).hasSize(ACCOUNTS);
            for (LockStatus status : statuses) {
                boolean claimed = held.contains(GuardOffsets.of(status.account().value()));
                assertThat(status.state())
                        .as("%s: %s", status.account(), status.reason())
                        .isEqualTo(claimed ? LockState.HELD : LockState.STALE);
            }
        }
    }

    private void startHolder(Path guard, List<String> offsets) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                BareGuardHolderMain.class.getName(),
                guard.toString()));
        command.addAll(offsets);
        holder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader answers =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(answers.readLine()).isEqualTo("HELD");
    }
}
