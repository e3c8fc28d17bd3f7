package io.instancelock.it;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a {@link SectionLog} proves. Two independent checks find overlapping critical sections:
 *
 * <ol>
 *   <li>File order: appends are atomic and ordered, so under mutual exclusion every {@code E} is
 *       followed by the {@code X} of the same process, thread and cycle before any other {@code E}.
 *   <li>Time: the [enter, exit] intervals, sorted by entry, must not intersect.
 * </ol>
 *
 * A section left open by a process that was killed ends when the next one enters; that process must
 * then never write again (a write after it proves it was still alive, so inside with another).
 *
 * @param cycles completed sections (an {@code E} closed by its own {@code X})
 * @param cyclesByHolder completed sections per process and thread ({@code pid/thread})
 * @param abandoned sections left open by killed processes
 * @param overlaps every overlap found, described
 * @param violations the {@code V} lines: what the shared resource saw
 */
record SectionLogReport(
        long cycles, Map<String, Long> cyclesByHolder, long abandoned, List<String> overlaps, List<String> violations) {

    /** Analyses a log of processes none of which was killed. */
    static SectionLogReport analyse(List<SectionLog.Entry> entries) {
        return analyse(entries, Set.of());
    }

    /** Analyses a log; sections of {@code killed} processes may be left open. */
    static SectionLogReport analyse(List<SectionLog.Entry> entries, Set<Long> killed) {
        Map<String, Long> byHolder = new TreeMap<>();
        List<String> overlaps = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        Set<Long> dead = new HashSet<>();
        List<Interval> intervals = new ArrayList<>();
        SectionLog.Entry inside = null;
        long abandoned = 0;
        for (int line = 1; line <= entries.size(); line++) {
            SectionLog.Entry entry = entries.get(line - 1);
            if (dead.contains(entry.pid())) {
                overlaps.add("line " + line + ": pid " + entry.pid() + " wrote after another process entered "
                        + "over its open section, so it was alive and inside at the same time");
            }
            switch (entry.kind()) {
                case 'E' -> {
                    if (inside != null) {
                        if (killed.contains(inside.pid())) {
                            abandoned++;
                            dead.add(inside.pid());
                        } else {
                            overlaps.add("line " + line + ": " + entry.holder() + " entered while " + inside.holder()
                                    + " was inside (cycle " + inside.cycle() + ")");
                        }
                    }
                    inside = entry;
                }
                case 'X' -> {
                    if (inside == null || !inside.holder().equals(entry.holder()) || inside.cycle() != entry.cycle()) {
                        overlaps.add("line " + line + ": " + entry.holder() + " left cycle " + entry.cycle() + " but "
                                + (inside == null ? "nobody" : inside.holder()) + " was inside");
                    } else {
                        byHolder.merge(entry.holder(), 1L, Long::sum);
                        intervals.add(new Interval(inside.nanos(), entry.nanos(), entry.holder()));
                    }
                    inside = null;
                }
                case 'V' -> violations.add("line " + line + ": " + entry.holder() + ": " + entry.detail());
                default -> overlaps.add("line " + line + ": unknown record kind '" + entry.kind() + "'");
            }
        }
        overlaps.addAll(timeOverlaps(intervals));
        long cycles = byHolder.values().stream().mapToLong(Long::longValue).sum();
        return new SectionLogReport(cycles, byHolder, abandoned, overlaps, violations);
    }

    /** Intersecting [enter, exit] intervals, by the machine's monotonic clock. */
    private static List<String> timeOverlaps(List<Interval> intervals) {
        List<String> found = new ArrayList<>();
        intervals.sort(Comparator.comparingLong(Interval::enter));
        Interval latest = null;
        for (Interval interval : intervals) {
            if (latest != null && interval.enter() < latest.exit()) {
                found.add(interval.holder() + " entered " + (latest.exit() - interval.enter()) + " ns before "
                        + latest.holder() + " left");
            }
            if (latest == null || interval.exit() > latest.exit()) {
                latest = interval;
            }
        }
        return found;
    }

    private record Interval(long enter, long exit, String holder) {}

    /** One line for the summary. */
    String summary() {
        return cycles + " cycles, " + overlaps.size() + " overlaps, " + violations.size() + " resource violations"
                + (abandoned > 0 ? ", " + abandoned + " sections cut short by kills" : "");
    }
}
