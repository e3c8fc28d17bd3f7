package io.instancelock.gui;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.awt.GraphicsEnvironment;

/** Skips GUI tests, saying why, where there is no display to open windows on. */
final class NeedsDisplay {

    static final String REASON = "skipped: no display (DISPLAY unset or java.awt.headless=true); "
            + "run the tests under Xvfb, e.g. xvfb-run -a ./mvnw verify";

    private NeedsDisplay() {}

    /** Aborts the calling test class (reported as skipped) when the JVM is headless. */
    static void require(Class<?> testClass) {
        if (GraphicsEnvironment.isHeadless()) {
            System.err.println(testClass.getSimpleName() + " " + REASON);
        }
        assumeFalse(GraphicsEnvironment.isHeadless(), REASON);
    }
}
