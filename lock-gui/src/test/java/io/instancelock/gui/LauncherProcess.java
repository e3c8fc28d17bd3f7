package io.instancelock.gui;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** A launcher running in a child JVM, observed through its state report file. */
final class LauncherProcess implements AutoCloseable {

    final Process process;
    private final Path report;
    private final Path output;

    private LauncherProcess(Process process, Path report, Path output) {
        this.process = process;
        this.report = report;
        this.output = output;
    }

    /** Starts {@code launcher --lock-dir DIR ARGS...}; its report and output go to files in {@code work}. */
    static LauncherProcess start(Path lockDir, Path work, String name, String... args) throws IOException {
        Path report = work.resolve(name + ".properties");
        Path output = work.resolve(name + ".log");
        List<String> arguments = new ArrayList<>(List.of("--lock-dir", lockDir.toString(), "--theme", "light"));
        arguments.addAll(List.of(args));
        List<String> jvm = new ArrayList<>(List.of("-D" + StateReport.PROPERTY + "=" + report, "-Xmx128m"));
        String prefs = System.getProperty("java.util.prefs.userRoot");
        if (prefs != null) {
            jvm.add("-Djava.util.prefs.userRoot=" + prefs);
        }
        List<String> command = ChildJvm.command(jvm, LauncherMain.class, arguments);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new LauncherProcess(process, report, output);
    }

    /** What the window shows now under {@code key} ({@code phase}, {@code status}, {@code dialog.title}...). */
    String shown(String key) {
        Properties shown = new Properties();
        try (InputStream in = Files.newInputStream(report)) {
            shown.load(in);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return shown.getProperty(key);
    }

    /** Waits until the window shows {@code value} under {@code key}. */
    void awaitShown(String key, String value) {
        await().atMost(Timing.PROCESS_START)
                .pollInterval(Timing.POLL)
                .alias(key + " = " + value + " in the launcher (output: " + output + ")")
                .until(() -> value.equals(shown(key)));
    }

    @Override
    public void close() {
        ChildJvm.killTree(process.toHandle());
    }
}
