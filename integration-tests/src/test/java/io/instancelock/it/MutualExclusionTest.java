package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many processes, one account: never two inside at once, every cycle done, no lock file left. */
class MutualExclusionTest extends ChildProcessTest {

    private static final AccountId ACCOUNT = AccountId.of("contended-1");

    /** The smaller runs: threads within processes, and contention beside a cleaner. */
    private static final int THREADED_PROCESSES = 3;

    private static final int THREADS = 3;
    private static final int THREADED_CYCLES = 60;

    @ParameterizedTest(name = "{0}")
    @EnumSource(
            value = ContendingWorker.Mode.class,
            names = {"RETRY", "WAIT"})
    void processesContendingForOneAccountAreNeverInsideTogether(ContendingWorker.Mode mode) throws Exception {
        // given: every worker started and ready, so that all contend from the first cycle
        List<Child> workers = new ArrayList<>();
        for (int i = 0; i < Counts.PROCESSES; i++) {
            workers.add(children.start(ContendingWorker.class, lockDir, ACCOUNT.value(), shared, Counts.CYCLES, mode));
        }
        for (Child worker : workers) {
            worker.awaitLine("READY", Timing.CHILD_START);
        }

        // when
        long started = System.nanoTime();
        workers.forEach(worker -> worker.send("go"));
        List<ProcessResult> results = new ArrayList<>();
        for (Child worker : workers) {
            results.add(worker.awaitExit(Timing.workersFinish((long) Counts.PROCESSES * Counts.CYCLES)));
        }
        long elapsed = System.nanoTime() - started;

        // then
        SectionLogReport report = SectionLogReport.analyse(SectionLog.read(shared.resolve("sections.log")));
        long expected = (long) Counts.PROCESSES * Counts.CYCLES;
        SuiteSummary.add("mutual exclusion (" + mode.name().toLowerCase() + "): " + Counts.PROCESSES
                + " processes x " + Counts.CYCLES + " cycles: " + report.summary() + ", counter "
                + ExclusiveResource.count(shared) + "/" + expected + ", " + SuiteSummary.millis(elapsed));
        assertOneAtATime(report, results, expected);
        for (ProcessResult result : results) {
            assertThat(result.stdOut()).as(result.describe()).contains("DONE cycles=" + Counts.CYCLES + " ");
        }
        assertThat(report.cyclesByHolder())
                .hasSize(Counts.PROCESSES)
                .allSatisfy((holder, cycles) -> assertThat(cycles).isEqualTo(Counts.CYCLES));
    }

    @Test
    void threadsOfSeveralProcessesContendingForOneAccountAreNeverInsideTogether() throws Exception {
        // given: processes whose threads contend too, through one AccountLocks each
        List<Child> workers = startWorkers(THREADED_PROCESSES, THREADED_CYCLES, ContendingWorker.Mode.WAIT, THREADS);

        // when
        List<ProcessResult> results = release(workers, (long) THREADED_PROCESSES * THREADS * THREADED_CYCLES);

        // then
        long expected = (long) THREADED_PROCESSES * THREADS * THREADED_CYCLES;
        SectionLogReport report = assertOneAtATime(results, expected);
        assertThat(report.cyclesByHolder()).hasSize(THREADED_PROCESSES * THREADS);
        SuiteSummary.add("mutual exclusion (threads): " + THREADED_PROCESSES + " processes x " + THREADS + " threads x "
                + THREADED_CYCLES + " cycles: " + report.summary());
    }

    @Test
    void cleanerRemovingStaleLocksInATightLoopNeverLetsTwoIn() throws Exception {
        // given: an admin tool cleaning up without pause while processes contend
        Child janitor = children.start(Janitor.class, lockDir);
        janitor.awaitLine("READY", Timing.CHILD_START);
        List<Child> workers = startWorkers(THREADED_PROCESSES, THREADED_CYCLES, ContendingWorker.Mode.RETRY, 1);

        // when
        List<ProcessResult> results = release(workers, (long) THREADED_PROCESSES * THREADED_CYCLES);
        janitor.stop();
        ProcessResult cleaned = janitor.awaitExit(Timing.CHILD_STOP);

        // then: it never let a second holder in, and never removed a lock with a holder's record (no
        // holder died here). It may clear a file that a claimant has created but not yet locked: empty,
        // such a file holds nothing, and the claimant notices the removal and starts over.
        SectionLogReport report = assertOneAtATime(results, (long) THREADED_PROCESSES * THREADED_CYCLES);
        assertThat(cleaned.exitCode()).as(cleaned.describe()).isZero();
        assertThat(cleaned.stdErr().lines().filter(line -> line.startsWith("removed")))
                .as(cleaned.describe())
                .allSatisfy(line -> assertThat(line).contains("holder=none"));
        SuiteSummary.add("mutual exclusion with a cleaner looping removeStale+list: " + THREADED_PROCESSES
                + " processes x " + THREADED_CYCLES + " cycles: " + report.summary() + "; cleaner "
                + cleaned.stdOut()
                        .lines()
                        .filter(line -> line.startsWith("ROUNDS"))
                        .findFirst()
                        .orElse("?"));
    }

    private List<Child> startWorkers(int processes, int cycles, ContendingWorker.Mode mode, int threads) {
        List<Child> workers = new ArrayList<>();
        for (int i = 0; i < processes; i++) {
            workers.add(
                    children.start(ContendingWorker.class, lockDir, ACCOUNT.value(), shared, cycles, mode, threads));
        }
        for (Child worker : workers) {
            worker.awaitLine("READY", Timing.CHILD_START);
        }
        return workers;
    }

    private static List<ProcessResult> release(List<Child> workers, long totalCycles) {
        workers.forEach(worker -> worker.send("go"));
        List<ProcessResult> results = new ArrayList<>();
        for (Child worker : workers) {
            results.add(worker.awaitExit(Timing.workersFinish(totalCycles)));
        }
        return results;
    }

    private SectionLogReport assertOneAtATime(List<ProcessResult> results, long expected) throws Exception {
        SectionLogReport report = SectionLogReport.analyse(SectionLog.read(shared.resolve("sections.log")));
        assertOneAtATime(report, results, expected);
        return report;
    }

    /** No overlap, no double use of the resource, every process and cycle done, nothing left behind. */
    private void assertOneAtATime(SectionLogReport report, List<ProcessResult> results, long expected)
            throws Exception {
        assertThat(report.overlaps()).as("overlapping critical sections").isEmpty();
        assertThat(report.violations())
                .as("shared resource used by two at once")
                .isEmpty();
        for (ProcessResult result : results) {
            assertThat(result.exitCode()).as(result.describe()).isZero();
        }
        assertThat(report.cycles()).isEqualTo(expected);
        assertThat(ExclusiveResource.count(shared))
                .as("counter updated under the lock")
                .isEqualTo(expected);
        assertThat(lockFiles()).as("lock files left behind").isEmpty();
    }
}
