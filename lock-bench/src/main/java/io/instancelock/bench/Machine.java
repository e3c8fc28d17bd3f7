package io.instancelock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the figures were measured on, for the report. */
final class Machine {

    private Machine() {}

    static String describe(Path lockDir) {
        return "cores " + Runtime.getRuntime().availableProcessors() + ", CPU " + cpuModel() + ", kernel "
                + System.getProperty("os.name") + " " + System.getProperty("os.version") + ", JDK "
                + System.getProperty("java.vm.vendor") + " " + System.getProperty("java.runtime.version")
                + ", lock directory " + lockDir + " on " + fileSystem(lockDir);
    }

    /** The 1, 5 and 15 minute load averages: how busy the machine was. */
    static String loadAverage() {
        return firstLine(Path.of("/proc/loadavg"), "unknown").split(" (?=\\d+/)")[0];
    }

    /**
     * Writes what the file systems hold pending ({@code sync}) and waits for it: a phase that removed
     * thousands of files (the list benchmarks' directories) leaves the journal busy for seconds, and
     * meanwhile every file creation and removal waits for it. A hand-over creates and removes a file,
     * its floor does not: measured after the JMH part without this, the hand-over's p50 was 1.3 to 1.9 ms
     * instead of 0.2.
     */
    static void settleDisk() throws InterruptedException {
        try {
            Process sync = new ProcessBuilder("sync").inheritIO().start();
            sync.waitFor();
        } catch (IOException e) {
            // No sync command: measure as things are.
        }
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).trim())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String fileSystem(Path dir) {
        try {
            return Files.getFileStore(dir).type();
        } catch (IOException e) {
            return "an unknown file system";
        }
    }

    private static String firstLine(Path file, String otherwise) {
        try {
            return Files.readAllLines(file).stream().findFirst().orElse(otherwise);
        } catch (IOException e) {
            return otherwise;
        }
    }
}
