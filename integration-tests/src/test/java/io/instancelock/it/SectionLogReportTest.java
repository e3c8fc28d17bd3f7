package io.instancelock.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The overlap detector itself must fail on overlaps, or a green suite would prove nothing. */
class SectionLogReportTest {

    private static SectionLog.Entry enter(long pid, long cycle, long nanos) {
        return new SectionLog.Entry('E', pid, 0, cycle, nanos, "");
    }

    private static SectionLog.Entry exit(long pid, long cycle, long nanos) {
        return new SectionLog.Entry('X', pid, 0, cycle, nanos, "");
    }

    @Test
    void alternatingSectionsAreCountedWithoutOverlap() {
        SectionLogReport report = SectionLogReport.analyse(List.of(
                enter(1, 1, 10), exit(1, 1, 20), enter(2, 1, 30), exit(2, 1, 40), enter(1, 2, 50), exit(1, 2, 60)));

        assertThat(report.overlaps()).isEmpty();
        assertThat(report.cycles()).isEqualTo(3);
        assertThat(report.cyclesByHolder()).containsEntry("1/0", 2L).containsEntry("2/0", 1L);
    }

    @Test
    void aSecondEntryBeforeTheFirstExitIsAnOverlap() {
        SectionLogReport report =
                SectionLogReport.analyse(List.of(enter(1, 1, 10), enter(2, 1, 15), exit(1, 1, 20), exit(2, 1, 25)));

        assertThat(report.overlaps()).isNotEmpty();
        assertThat(report.overlaps().get(0)).contains("2/0 entered while 1/0 was inside");
    }

    @Test
    void intersectingTimesAreAnOverlapEvenInFileOrder() {
        // given: lines in a clean order, but pid 2's entry was stamped before pid 1 had left
        SectionLogReport report =
                SectionLogReport.analyse(List.of(enter(1, 1, 10), exit(1, 1, 30), enter(2, 1, 20), exit(2, 1, 40)));

        assertThat(report.overlaps()).singleElement().asString().contains("2/0 entered 10 ns before 1/0 left");
    }

    @Test
    void aKilledHoldersOpenSectionEndsWhenTheNextEnters() {
        SectionLogReport report =
                SectionLogReport.analyse(List.of(enter(1, 1, 10), enter(2, 1, 30), exit(2, 1, 40)), Set.of(1L));

        assertThat(report.overlaps()).isEmpty();
        assertThat(report.abandoned()).isEqualTo(1);
        assertThat(report.cycles()).isEqualTo(1);
    }

    @Test
    void aKilledHolderThatWritesAfterBeingOvertakenWasAliveInside() {
        SectionLogReport report = SectionLogReport.analyse(
                List.of(enter(1, 1, 10), enter(2, 1, 30), exit(1, 1, 35), exit(2, 1, 40)), Set.of(1L));

        assertThat(report.overlaps()).anySatisfy(overlap -> assertThat(overlap).contains("pid 1 wrote after"));
    }

    @Test
    void twoThreadsOfOneProcessInsideTogetherAreAnOverlap() {
        SectionLogReport report = SectionLogReport.analyse(
                List.of(enter(1, 1, 10), new SectionLog.Entry('E', 1, 1, 1, 15, ""), exit(1, 1, 20)));

        assertThat(report.overlaps()).first().asString().contains("1/1 entered while 1/0 was inside");
    }

    @Test
    void resourceViolationsAreReported() {
        SectionLogReport report = SectionLogReport.analyse(List.of(
                enter(1, 1, 10), new SectionLog.Entry('V', 1, 0, 1, 11, "pid 2 is inside too"), exit(1, 1, 20)));

        assertThat(report.violations()).singleElement().asString().contains("pid 2 is inside too");
    }

    @Test
    void linesRoundTripThroughTheirTextForm() {
        SectionLog.Entry entry = new SectionLog.Entry('V', 42, 3, 7, 123456789L, "pid 9 is inside too");

        assertThat(SectionLog.Entry.parse(entry.format())).isEqualTo(entry);
    }
}
