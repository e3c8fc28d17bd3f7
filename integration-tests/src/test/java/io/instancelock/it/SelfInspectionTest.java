package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A holder that looks at its own lock all the time keeps it: looking never drops the OS lock. */
class SelfInspectionTest extends ChildProcessTest {

    private static final AccountId ACCOUNT = AccountId.of("watched-1");

    @Test
    void otherProcessesAreRefusedWhileTheHolderInspectsItsOwnLockFromManyThreads() throws Exception {
        // given: a holder listing, inspecting and re-trying its own account from several threads,
        // and another account's lock held by a second process, so that list() meets a foreign lock too
        Child neighbour = children.start(TradingBot.class, lockDir, "neighbour-1", "neighbour");
        neighbour.awaitLine("RUNNING", Timing.CHILD_START);
        Child holder = children.start(SelfInspectingHolder.class, lockDir, ACCOUNT.value(), Counts.INSPECT_THREADS);
        long holderPid =
                Long.parseLong(holder.awaitLine("RUNNING", Timing.CHILD_START).split(" ")[1]);
        List<Child> contenders = new ArrayList<>();
        for (int i = 0; i < Counts.CONTENDERS; i++) {
            contenders.add(
                    children.start(Contender.class, lockDir, ACCOUNT.value(), Counts.CONTENDER_ATTEMPTS, holderPid));
        }
        for (Child contender : contenders) {
            contender.awaitLine("READY", Timing.CHILD_START);
        }

        // when
        contenders.forEach(contender -> contender.send("go"));
        List<ProcessResult> results = new ArrayList<>();
        for (Child contender : contenders) {
            results.add(
                    contender.awaitExit(Timing.workersFinish((long) Counts.CONTENDERS * Counts.CONTENDER_ATTEMPTS)));
        }
        holder.stop();
        ProcessResult held = holder.awaitExit(Timing.CHILD_STOP);

        // then
        long refusals = 0;
        for (ProcessResult result : results) {
            assertThat(result.exitCode()).as(result.describe()).isZero();
            assertThat(result.stdOut())
                    .as(result.describe())
                    .contains("ACQUIRED 0 REFUSED " + Counts.CONTENDER_ATTEMPTS + " UNEXPECTED 0");
            refusals += Counts.CONTENDER_ATTEMPTS;
        }
        assertThat(held.exitCode()).as(held.describe()).isZero();
        assertThat(held.stdOut()).as(held.describe()).contains("ERRORS 0");
        String looks = held.stdOut()
                .lines()
                .filter(line -> line.startsWith("LOOKS"))
                .findFirst()
                .orElseThrow();
        assertThat(Long.parseLong(looks.split(" ")[1]))
                .as("looks taken by the holder")
                .isPositive();
        SuiteSummary.add("self-inspecting holder: " + Counts.INSPECT_THREADS + " threads, " + looks.split(" ")[1]
                + " rounds of list+inspect+tryAcquire; " + Counts.CONTENDERS + " contenders refused " + refusals
                + " of " + refusals + " attempts");
        neighbour.stop();
        neighbour.awaitExit(Timing.CHILD_STOP);
        assertThat(lockFiles()).isEmpty();
    }
}
