package io.instancelock.core;

import java.util.ResourceBundle;

/**
 * A {@link System.Logger} that asks {@link System#getLogger} for its logger only when something is
 * logged: for a class on the class path, {@code System.getLogger} starts the logging back-end at once
 * (about 30 ms for {@code java.util.logging} at a JVM's start), which a command that logs nothing
 * should not pay.
 */
final class DeferredLogger implements System.Logger {

    private final String name;
    private volatile System.Logger logger;

    DeferredLogger(String name) {
        this.name = name;
    }

    private System.Logger logger() {
        System.Logger found = logger;
        if (found == null) {
            found = System.getLogger(name);
            logger = found;
        }
        return found;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isLoggable(Level level) {
        return logger().isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        logger().log(level, bundle, message, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        logger().log(level, bundle, format, params);
    }
}
