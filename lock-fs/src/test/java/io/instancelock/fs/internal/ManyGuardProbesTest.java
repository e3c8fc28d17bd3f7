package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
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
 * (on Linux), and a list's survey answers from one snapshot of the guard's locks instead. All must tell
 * a byte another process holds from a free one alike.
 */
class ManyGuardProbesTest {

    private static final int ACCOUNTS = GuardFile.PROBES_BEFORE_ASKING * 3;

    @TempDir
    Path dir;

    @TempDir
    Path otherDir;

    private final List<Process> holders = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        for (Process holder : holders) {
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

    @Test
    void aSurveyPastItsFirstProbesAnswersFromOneSnapshotOfExactlyThisDirectorysGuard() throws Exception {
        // given: leftover empty lock files; one process holds every third account's guard byte here, and
        // another the other accounts' bytes in another directory's guard (the same offsets, another file)
        FileLockBackend backend = FileLockBackend.open(dir);
        List<String> accounts = new ArrayList<>();
        List<String> heldHere = new ArrayList<>();
        List<String> heldThere = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String account = Integer.toString(800_000 + i);
            accounts.add(account);
            Files.createFile(dir.resolve("account_" + account + ".lock"));
            (i % 3 == 0 ? heldHere : heldThere).add(Long.toString(GuardOffsets.of(account)));
        }
        Files.createFile(otherDir.resolve(LockFileNames.GUARD_FILE));
        startHolder(otherDir.resolve(LockFileNames.GUARD_FILE), heldThere);
        try (LockBackend.Survey look = backend.survey()) {
            // the first probes open the guard; only then does the holder take its bytes in it
            assertThat(look.peek(AccountId.of(accounts.get(1))).claim()).isEqualTo(Peek.Claim.FREE);
            startHolder(dir.resolve(LockFileNames.GUARD_FILE), heldHere);

            // when
            List<Peek.Claim> claims = new ArrayList<>();
            for (String account : accounts) {
                claims.add(look.peek(AccountId.of(account)).claim());
            }

            // then: held exactly where this guard's byte is held, in the probed and the snapshot part alike
            for (int i = 0; i < ACCOUNTS; i++) {
                assertThat(claims.get(i))
                        .as("account %s", accounts.get(i))
                        .isEqualTo(i % 3 == 0 ? Peek.Claim.HELD : Peek.Claim.FREE);
            }
            assertThat(((FileLockBackend.DirectorySurvey) look).answersFromSnapshot())
                    .as("answered from a snapshot where /proc/locks lists every lock")
                    .isEqualTo(GuardSnapshot.usable(dir));
        } finally {
            backend.close();
        }
    }

    @Test
    void aListInAPidNamespaceThatHidesTheHoldersLocksStillSeesThem() throws Exception {
        // given: a pid namespace of its own can be made here (root, or user namespaces), as a container has
        assumeTrue(canUnshare(), "unshare -pf --mount-proc is not allowed here");
        // ... leftover empty lock files, and another process of this namespace holding every third guard byte
        FileLockBackend.open(dir).close();
        List<String> offsets = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            String account = Integer.toString(900_000 + i);
            Files.createFile(dir.resolve("account_" + account + ".lock"));
            if (i % 3 == 0) {
                offsets.add(Long.toString(GuardOffsets.of(account)));
            }
        }
        startHolder(dir.resolve(LockFileNames.GUARD_FILE), offsets);

        // when: a list from inside a new pid namespace, whose /proc/locks does not show the holder
        Process lister = new ProcessBuilder(
                        "unshare",
                        "-pf",
                        "--mount-proc",
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ListMain.class.getName(),
                        dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> lines;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(lister.getInputStream(), StandardCharsets.UTF_8))) {
            lines = out.lines().toList();
        }
        assertThat(lister.waitFor()).as("the lister's exit code").isZero();

        // then: its /proc/locks hides the holder's locks, yet every third account is listed held
        int outside = Files.readAllLines(Path.of("/proc/locks")).size();
        assertThat(lines.get(0)).startsWith("proc-locks-lines ");
        assertThat(Integer.parseInt(lines.get(0).split(" ")[1]))
                .as("lines of /proc/locks inside the namespace (outside: %d)", outside)
                .isLessThan(offsets.size());
        List<String> statuses = lines.subList(1, lines.size());
        assertThat(statuses).hasSize(ACCOUNTS);
        for (int i = 0; i < ACCOUNTS; i++) {
            assertThat(statuses.get(i))
                    .isEqualTo((900_000 + i) + " " + (i % 3 == 0 ? LockState.HELD : LockState.STALE));
        }
    }

    private static boolean canUnshare() throws InterruptedException {
        try {
            Process probe = new ProcessBuilder("unshare", "-pf", "--mount-proc", "true")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
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
        Process holder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        holders.add(holder);
        BufferedReader answers =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        assertThat(answers.readLine()).isEqualTo("HELD");
    }
}
