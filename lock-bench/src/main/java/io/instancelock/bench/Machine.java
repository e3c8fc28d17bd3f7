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
