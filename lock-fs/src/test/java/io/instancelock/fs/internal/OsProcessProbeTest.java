package io.instancelock.fs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.ProcessProbe.Liveness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class OsProcessProbeTest {

    private final OsProcessProbe probe = new OsProcessProbe();

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
    @EnabledOnOs({OS.LINUX, OS.MAC})
    void nativeProbeSeesProcessesThatExistAndOnesThatDoNot() throws Exception {
        assertThat(NativeLiveness.probe(ProcessHandle.current().pid())).isEqualTo(Liveness.ALIVE);
        assertThat(NativeLiveness.probe(1)).isEqualTo(Liveness.ALIVE);
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        assertThat(NativeLiveness.probe(done.pid())).isEqualTo(Liveness.DEAD);
    }
}
