package io.instancelock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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

    /** A file creation at least this slow means the file system is not at its usual speed (about 25 µs here). */
    private static final long SLOW_CREATION_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    /** ext4 keeps a freed inode from reuse for 60 s once its inode table is written back: a little more. */
    private static final Duration CREATION_PATIENCE = Duration.ofSeconds(90);

    private static long settleWaitedNanos;

    /**
     * Readies the lock directory's disk for a phase that creates files: writes what the file systems
     * hold pending ({@code sync}) and waits for it, then, while creating a file there is far slower
     * than usual, waits (up to {@link #CREATION_PATIENCE}).
     *
     * <p>Why: ext4 without a journal (this machine's root file system) does not reuse an inode freed
     * less than a minute ago (six while its inode table block is dirty), and every file
     * creation scans past each such inode ({@code recently_deleted()} in {@code fs/ext4/ialloc.c}).
     * After a phase that removed thousands of files at once (the list benchmarks' directories, or the
     * previous run's), creating a file took 0.7 to 0.95 ms instead of 25 µs, for about a minute after
     * {@code sync}: a hand-over creates a file and its floor does not, so every hand-over took 1 ms.
     * Without the {@code sync} the same lasted minutes (the hand-over's p50 was 1.3 to 1.9 ms after
     * the JMH part). A steady create-and-remove loop is not slowed: an inode freed within the same
     * second is not "recent" to that check.
     */
    static void settleDisk() throws InterruptedException {
        try {
            Process sync = new ProcessBuilder("sync").inheritIO().start();
            sync.waitFor();
        } catch (IOException e) {
            // No sync command: measure as things are.
        }
        long started = System.nanoTime();
        long creation = creationNanos();
        if (creation < SLOW_CREATION_NANOS) {
            System.out.printf(Locale.ROOT, "creating a file takes %d µs%n", TimeUnit.NANOSECONDS.toMicros(creation));
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "creating a file in %s takes %d µs (ext4 without a journal skips inodes freed in the last minute):"
                        + " waiting up to %d s for it to return to speed%n",
                BenchDirs.base(),
                TimeUnit.NANOSECONDS.toMicros(creation),
                CREATION_PATIENCE.toSeconds());
        while (creation >= SLOW_CREATION_NANOS && System.nanoTime() - started < CREATION_PATIENCE.toNanos()) {
            TimeUnit.SECONDS.sleep(2);
            creation = creationNanos();
        }
        long waited = System.nanoTime() - started;
        settleWaitedNanos += waited;
        System.out.printf(
                Locale.ROOT,
                "waited %d s; creating a file takes %d µs now%n",
                TimeUnit.NANOSECONDS.toSeconds(waited),
                TimeUnit.NANOSECONDS.toMicros(creation));
    }

    /** How long all calls of {@link #settleDisk} waited for file creation to return to speed. */
    static Duration settleWaited() {
        return Duration.ofNanos(settleWaitedNanos);
    }

    /** The median of a few file creations (and removals, not timed) in a fresh directory beside the lock directories. */
    private static long creationNanos() {
        Path dir = BenchDirs.fresh("settle");
        try {
            long[] nanos = new long[15];
            for (int i = 0; i < nanos.length; i++) {
                Path file = dir.resolve("account_" + i + ".lock");
                long before = System.nanoTime();
                Files.createFile(file);
                nanos[i] = System.nanoTime() - before;
                Files.delete(file);
            }
            Arrays.sort(nanos);
            return nanos[nanos.length / 2];
        } catch (IOException e) {
            return 0; // the phase itself will report what is wrong with the directory
        } finally {
            BenchDirs.delete(dir);
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
