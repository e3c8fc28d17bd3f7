package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lockctl run} as scripts use it: commands guarded by one account never run together. */
class LockctlRaceTest extends ChildProcessTest {

    private static final AccountId ACCOUNT = AccountId.of("scripted-1");

    /**
     * The guarded command: logs its entry and exit to the section log (same format as the Java
     * workers, wall-clock times), links a marker only one process can hold, and works a little.
     */
    private static final String SECTION = """
            log=$1; dir=$2; pid=$$
            echo "$pid" > "$dir/marker-$pid"
            echo "E $pid 0 1 $(date +%s%N)" >> "$log"
            if ln "$dir/marker-$pid" "$dir/inside" 2>/dev/null; then mine=1; else
                echo "V $pid 0 1 $(date +%s%N) pid $(cat "$dir/inside") is inside too" >> "$log"; fi
            sleep 0.02
            if [ -n "$mine" ]; then rm "$dir/inside"; fi
            echo "X $pid 0 1 $(date +%s%N)" >> "$log"
            rm "$dir/marker-$pid"
            """;

    /** Each loop runs {@code lockctl run} this many times, waiting for the account each time. */
    private static final String LOOP = """
            lockctl=$1; locks=$2; account=$3; runs=$4; section=$5; log=$6; dir=$7
            i=0
            while [ "$i" -lt "$runs" ]; do
                "$lockctl" run --dir "$locks" --wait 60s "$account" -- sh "$section" "$log" "$dir" || exit $?
                i=$((i + 1))
            done
            """;

    @Test
    void lockctlRunsWaitingForOneAccountNeverRunTheirCommandsTogether() throws Exception {
        // given
        Path repository = Path.of(System.getProperty("basedir", "."))
                .toAbsolutePath()
                .normalize()
                .getParent();
        Path lockctl = repository.resolve("bin/lockctl");
        assertThat(repository.resolve("lock-cli/target/lockctl.jar"))
                .as("lockctl.jar, built by lock-cli's package phase before this module")
                .exists();

        Path shared = Files.createDirectories(work.resolve("shared"));
        Path section = Files.writeString(work.resolve("section.sh"), SECTION, StandardCharsets.UTF_8);
        Path loop = Files.writeString(work.resolve("loop.sh"), LOOP, StandardCharsets.UTF_8);
        Path log = shared.resolve("sections.log");
        int loops = Counts.LOCKCTL_LOOPS;
        int runs = Counts.LOCKCTL_RUNS;

        // when
        long started = System.nanoTime();
        List<Child> scripts = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            scripts.add(children.startTool(
                    "lockctl-loop",
                    List.of(
                            "sh",
                            loop.toString(),
                            lockctl.toString(),
                            lockDir.toString(),
                            ACCOUNT.value(),
                            Integer.toString(runs),
                            section.toString(),
                            log.toString(),
                            shared.toString())));
        }
        List<ProcessResult> results = new ArrayList<>();
        for (Child script : scripts) {
            results.add(script.awaitExit(Timing.workersFinish((long) loops * runs * 100)));
        }
        long elapsed = System.nanoTime() - started;

        // then
        SectionLogReport report = SectionLogReport.analyse(SectionLog.read(log));
        SuiteSummary.add("lockctl run: " + loops + " scripts x " + runs + " runs: " + report.summary() + ", "
                + SuiteSummary.millis(elapsed));
        assertThat(report.overlaps()).as("overlapping commands").isEmpty();
        assertThat(report.violations())
                .as("marker held by two commands at once")
                .isEmpty();
        for (ProcessResult result : results) {
            assertThat(result.exitCode()).as(result.describe()).isZero();
        }
        assertThat(report.cycles()).isEqualTo((long) loops * runs);
        assertThat(lockFiles(lockDir)).as("lock files left behind").isEmpty();
    }
}
