package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.spi.ProcessProbe.Liveness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LocalProcessesTest {

    private final LocalProcesses probe = LocalProcesses.INSTANCE;

    @Test
    void runningProcessIsAliveWithItsStartTime() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
            assertThat(probe.liveness(sleeper.pid())).isEqualTo(Liveness.ALIVE);
            assertThat(probe.startTime(sleeper.pid()))
                    .hasValueSatisfying(start -> assertThat(start)
                            .isBetween(
                                    Instant.now().minusSeconds(60),
                                    Instant.now().plusSeconds(2)));
        } finally {
            sleeper.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void exitedProcessIsDead() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertThat(probe.liveness(done.pid())).isEqualTo(Liveness.DEAD);
    }

    @Test
    @EnabledOnOs({OS.LINUX})
    void exitedButUnreapedProcessIsDead() throws Exception {
        // given: a grandchild that exits (after its shell has become `sleep`, which never waits for
        // children) and so stays a zombie
        Process parent = new ProcessBuilder("sh", "-c", "sh -c 'sleep 1' & echo $!; exec sleep 60").start();
        try {
            long pid = Long.parseLong(new java.io.BufferedReader(new java.io.InputStreamReader(parent.getInputStream()))
                    .readLine()
                    .trim());
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(stat).contains(") Z "));
            // then: its PID is still taken, but it runs no code
            assertThat(ProcessHandle.of(pid)).isPresent();
            assertThat(probe.liveness(pid)).isEqualTo(Liveness.DEAD);
        } finally {
            parent.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void deadPidIsDeadWithoutAnyNativeLibrary() throws Exception {
        // given: /proc lists every process to this user (no hidepid), so a missing entry proves it dead
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        // then
        assertThat(ProcessHandle.of(done.pid())).isEmpty();
        assertThat(probe.liveness(done.pid())).isEqualTo(Liveness.DEAD);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void startKeyIsTheSameForOneProcessAndDifferentForAnother() throws Exception {
        Process first = new ProcessBuilder("sleep", "60").start();
        Process second = new ProcessBuilder("sleep", "60").start();
        try {
            assertThat(probe.startKey(first.pid())).isPresent().isEqualTo(probe.startKey(first.pid()));
            assertThat(probe.startKey(first.pid()).orElseThrow()).startsWith("linux:");
            assertThat(probe.startKey(first.pid())).isNotEqualTo(probe.startKey(second.pid()));
        } finally {
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void groupIsAliveWhileAnyOfItsProcessesRunsAndCanBeSignalledWhole() throws Exception {
        // given: a leader in a session of its own that starts a child and exits
        Orphan orphan = groupLeftTo("sleep");
        long group = orphan.group();
        long child = orphan.child();
        try {
            // then: the leader is gone, its group lives on in the child
            assertThat(probe.liveness(group)).isEqualTo(Liveness.DEAD);
            assertThat(probe.groupLiveness(group)).isEqualTo(Liveness.ALIVE);
            BotProcess bot = new BotProcess(group, null, null, group);
            assertThat(LocalProcesses.botRuns(bot)).isTrue();
            // when
            assertThat(LocalProcesses.signalBot(bot, LocalProcesses.Signal.TERM))
                    .isTrue();
            // then
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.groupLiveness(group) == Liveness.DEAD);
            assertThat(LocalProcesses.botRuns(bot)).isFalse();
        } finally {
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void groupMemberWhoseNameHoldsParenthesesAndSpacesKeepsItsGroupAlive(@TempDir Path dir) throws Exception {
        // given: the group's only live process runs a program named like a /proc/PID/stat line's fields
        Path odd = Files.copy(Path.of("/bin/sleep"), dir.resolve("x) 1 2 (y"));
        assertThat(odd.toFile().setExecutable(true)).isTrue();
        Orphan orphan = groupLeftTo(odd.toString());
        long group = orphan.group();
        long child = orphan.child();
        try {
            // then
            assertThat(probe.groupLiveness(group)).isEqualTo(Liveness.ALIVE);
            // and once it has ended, the group is gone
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
            await().atMost(Duration.ofSeconds(30)).until(() -> probe.groupLiveness(group) == Liveness.DEAD);
        } finally {
            ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    /** A process group whose leader has exited, leaving one child running {@code PROGRAM 60}. */
    private record Orphan(long group, long child) {}

    private static Orphan groupLeftTo(String program) throws Exception {
        Process leader = new ProcessBuilder("setsid", "sh", "-c", "\"$0\" 60 & echo $$; echo $!", program)
                .redirectErrorStream(true)
                .start();
        java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(leader.getInputStream()));
        long group = Long.parseLong(out.readLine().trim());
        long child = Long.parseLong(out.readLine().trim());
        leader.waitFor(30, TimeUnit.SECONDS);
        return new Orphan(group, child);
    }

    @ParameterizedTest
    @CsvSource({
        "'proc rw,hidepid=invisible,gid=27', true",
        "'proc rw,nosuid,hidepid=2', true",
        "'proc rw,hidepid=ptraceable', true",
        "'proc rw,hidepid=1', true",
        "'proc rw,hidepid=noaccess', true",
        "'proc rw,hidepid=0', false",
        "'proc rw,hidepid=off', false",
        "'proc rw,nosuid,nodev,noexec,relatime', false",
        "'proc rw', false"
    })
    void procHidesOtherUsersProcessesExactlyWhenMountedWithAHidingHidepid(String options, boolean hides) {
        assertThat(LocalProcesses.hidesProcesses(options)).isEqualTo(hides);
    }
}
