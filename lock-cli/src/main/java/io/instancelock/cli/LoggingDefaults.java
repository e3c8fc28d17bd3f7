package io.instancelock.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;

/**
 * lockctl's logging configuration: warnings only, on the console. lock-core logs what it removes at a
 * lower level; the commands print that themselves.
 *
 * <p>Named by {@code java.util.logging.config.class}, so that {@code java.util.logging} reads it only
 * when something is logged: most commands log nothing and never start the logging framework.
 */
public final class LoggingDefaults {

    private static final String CLASS_PROPERTY = "java.util.logging.config.class";
    private static final String FILE_PROPERTY = "java.util.logging.config.file";
    private static final String CONFIGURATION = "handlers=java.util.logging.ConsoleHandler\n.level=WARNING\n";

    /** Called by {@link LogManager} when it starts. */
    public LoggingDefaults() throws IOException {
        LogManager.getLogManager()
                .readConfiguration(new ByteArrayInputStream(CONFIGURATION.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Makes this the configuration, unless the JVM was given one (in {@code LOCKCTL_JAVA_OPTS}, say). */
    static void install() {
        if (System.getProperty(CLASS_PROPERTY) == null && System.getProperty(FILE_PROPERTY) == null) {
            System.setProperty(CLASS_PROPERTY, LoggingDefaults.class.getName());
        }
    }
}
