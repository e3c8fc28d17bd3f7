package io.instancelock.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The results table: each figure beside its floor and the project's target, in Markdown. */
final class Report {

    private record Row(String figure, String measured, String floor, String ratio, String target, String verdict) {}

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    void add(String figure, String measured, String floor, String ratio, String target, String verdict) {
        rows.add(new Row(figure, measured, floor, ratio, target, verdict));
    }

    void note(String note) {
        notes.add(note);
    }

    static String ratio(double measured, double floor) {
        return floor > 0 ? String.format(Locale.ROOT, "%.1f×", measured / floor) : "—";
    }

    static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    String render() {
        StringBuilder out = new StringBuilder()
                .append("| figure | instance-lock | floor | ratio | target | target met? |\n")
                .append("| --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            out.append("| ")
                    .append(String.join(
                            " | ", row.figure(), row.measured(), row.floor(), row.ratio(), row.target(), row.verdict()))
                    .append(" |\n");
        }
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.toString();
    }
}
