package io.instancelock.it;

import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/** Prints the {@link SuiteSummary} once every test has run. Registered through META-INF/services. */
public final class SummaryListener implements TestExecutionListener {

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        List<String> lines = SuiteSummary.lines();
        if (lines.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder("\n=== instance-lock cross-process summary ===\n");
        lines.forEach(line -> text.append("  ").append(line).append('\n'));
        System.out.println(text);
    }
}
