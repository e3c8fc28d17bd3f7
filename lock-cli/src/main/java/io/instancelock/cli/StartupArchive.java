package io.instancelock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Makes lockctl's class-data-sharing archive for the JDK that runs this class, so that the JVM maps
 * lockctl's classes, already parsed and verified, instead of reading them from the jar. Run by the
 * build after the jar is made, and by {@code bin/lockctl} for a JDK that has none yet; usage:
 * {@code StartupArchive JAR DIR}.
 *
 * <ol>
 *   <li>run {@link StartupTraining} in a child JVM that records the classes it loads;
 *   <li>dump an archive of them: on JDK 24 and later an AOT cache ({@code -XX:AOTCache}), and a second
 *       one trained on {@code status} and {@code list} only ({@code .quick.aot}); before, a static
 *       archive ({@code -Xshare:dump}) of the JDK's default classes and these, and the same for
 *       {@code status} and {@code list} only ({@code .quick.jsa}). A static archive holds
 *       picocli's classes, which JDK 17 keeps out of a dynamic one (they are Java 5 class files);
 *   <li>check that a JVM maps it ({@code -Xshare:on} fails otherwise), then move it and its stamp into
 *       {@code DIR/<JDK directory name>.jsa} (or {@code .aot}) and {@code .stamp}.
 * </ol>
 *
 * <p>The stamp names what the archive belongs to, one item a line: its kind ({@code static},
 * {@code aot} or {@code none} when this JDK cannot make one), the JDK's directory, its
 * {@code JAVA_RUNTIME_VERSION} and the jar. {@code bin/lockctl} uses the archive only when all four
 * match, and the stamp is newer than the jar. This never fails the build: without an archive lockctl
 * starts as before.
 */
public final class StartupArchive {

    /**
     * The options bin/lockctl starts lockctl with: the archive is trained and checked under them. No
     * {@code -XX:+UseSerialGC}: JDK 17 maps an archive's Java objects (the module graph among them)
     * only for G1, and without them a JVM starts about 18 ms slower.
     */
    static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx64m");

    private static final long STEP_LIMIT_SECONDS = 300;
    private static final String QUICK_CACHE = "lockctl.quick";

    private final Path jar;
    private final Path home;
    private final Path java;
    private final Path work;

    private StartupArchive(Path jar, Path home, Path work) {
        this.jar = jar;
        this.home = home;
        this.java = home.resolve("bin").resolve(isWindows() ? "java.exe" : "java");
        this.work = work;
    }

    /**
     * {@code JAR DIR}, or {@code JAR DIR SLOT HOME VERSION} from {@code bin/lockctl}, which names the
     * stamp and what it records as it sees them, so that the stamp it checks next is the one made here.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[1]).toAbsolutePath());
        Path home = Path.of(System.getProperty("java.home")).toRealPath();
        String jar = args.length > 2 ? args[0] : Path.of(args[0]).toRealPath().toString();
        // The steps run in a scratch directory: every path handed to them is absolute.
        String slot = args.length > 2 ? args[2] : home.getFileName().toString();
        String recordedHome = args.length > 2 ? args[3] : home.toString();
        String version = args.length > 2 ? args[4] : runtimeVersion(home);
        long started = System.nanoTime();
        // A quick archive of an earlier build must not stay beside this build's stamp.
        Files.deleteIfExists(dir.resolve(slot + ".quick.aot"));
        Files.deleteIfExists(dir.resolve(slot + ".quick.jsa"));
        Path work = Files.createTempDirectory(dir, slot + ".work");
        String kind;
        String outcome;
        try {
            Path archive = new StartupArchive(Path.of(jar).toAbsolutePath(), home, work).make();
            kind = archive.getFileName().toString().endsWith(".aot") ? "aot" : "static";
            Path target = dir.resolve(slot + (kind.equals("aot") ? ".aot" : ".jsa"));
            String extension = kind.equals("aot") ? ".aot" : ".jsa";
            Path quick = work.resolve(QUICK_CACHE + extension);
            if (Files.exists(quick)) {
                move(quick, dir.resolve(slot + ".quick" + extension));
            }
            move(archive, target);
            outcome = "made " + target + " in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms";
        } catch (IOException | RuntimeException e) {
            kind = "none";
            outcome = "none for this Java (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "); lockctl starts without one";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kind = "none";
            outcome = "none (interrupted)";
        } finally {
            deleteTree(work);
        }
        Path stamp = dir.resolve(slot + ".stamp");
        Path fresh = dir.resolve(slot + ".stamp.tmp" + ProcessHandle.current().pid());
        Files.writeString(
                fresh, kind + "\n" + home + "\n" + runtimeVersion(home) + "\n" + jar + "\n", StandardCharsets.UTF_8);
        move(fresh, stamp);
        System.err.println(
                "lockctl: start-up archive for Java " + System.getProperty("java.runtime.version") + ": " + outcome);
    }

    private Path make() throws IOException, InterruptedException {
        if (Runtime.version().feature() >= 24) {
            aotCache(QUICK_CACHE, true);
            return aotCache("lockctl", false);
        }
        staticArchive(QUICK_CACHE, true);
        return staticArchive("lockctl", false);
    }

    /**
     * A static archive of the JDK's default classes and those of all commands, or of {@code status}
     * and {@code list} only: the JVM maps and relocates the whole archive at start, and the smaller
     * one (without picocli and the bot lifecycle) starts {@code status} about 4 ms sooner.
     */
    private Path staticArchive(String name, boolean quick) throws IOException, InterruptedException {
        Path loaded = work.resolve(name + ".loaded.classlist");
        Path archive = work.resolve(name + ".jsa");
        train(quick, "-XX:DumpLoadedClassList=" + loaded);
        run(List.of(
                java.toString(),
                "-Xshare:dump",
                "-XX:SharedClassListFile=" + classList(loaded),
                "-XX:SharedArchiveFile=" + archive,
                "-cp",
                jar.toString()));
        check("-XX:SharedArchiveFile=" + archive, "-Xshare:on");
        return archive;
    }

    /**
     * An AOT cache trained on all commands, or only on {@code status} and {@code list}: a JVM loads every
     * class of its cache at start, so {@code status} starts faster from a cache that lacks picocli.
     */
    private Path aotCache(String name, boolean quick) throws IOException, InterruptedException {
        Path configuration = work.resolve(name + ".aotconf");
        Path cache = work.resolve(name + ".aot");
        train(quick, "-XX:AOTMode=record", "-XX:AOTConfiguration=" + configuration);
        run(List.of(
                java.toString(),
                "-XX:AOTMode=create",
                "-XX:AOTConfiguration=" + configuration,
                "-XX:AOTCache=" + cache,
                "-cp",
                jar.toString()));
        check("-XX:AOTCache=" + cache, "-XX:AOTMode=on");
        return cache;
    }

    /** The JDK's own default class list (what its built-in archive holds), then lockctl's. */
    private Path classList(Path loaded) throws IOException {
        Set<String> lines = new LinkedHashSet<>();
        Path defaults = home.resolve("lib").resolve("classlist");
        if (Files.isRegularFile(defaults)) {
            lines.addAll(Files.readAllLines(defaults, StandardCharsets.UTF_8));
        }
        lines.addAll(Files.readAllLines(loaded, StandardCharsets.UTF_8));
        Path merged = work.resolve("lockctl.classlist");
        Files.write(merged, lines, StandardCharsets.UTF_8);
        return merged;
    }

    private void train(boolean quick, String... recording) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(recording));
        Path scratch = work.resolve(quick ? "train-quick" : "train");
        command.addAll(List.of("-cp", jar.toString(), StartupTraining.class.getName(), scratch.toString()));
        if (quick) {
            command.add(StartupTraining.QUICK);
        }
        run(command);
    }

    /** A JVM that must map the archive ({@code -Xshare:on}: it exits with an error if it cannot). */
    private void check(String... use) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString()));
        command.addAll(JVM_OPTIONS);
        command.addAll(List.of(use));
        command.addAll(List.of("-cp", jar.toString(), Lockctl.class.getName(), "--version"));
        run(command);
    }

    private void run(List<String> command) throws IOException, InterruptedException {
        Path log = work.resolve("step.log");
        Process process = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(STEP_LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("'" + String.join(" ", command) + "' took longer than " + STEP_LIMIT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
            String last = output.isEmpty() ? "no output" : output.get(output.size() - 1);
            throw new IOException(String.join(" ", command.subList(1, command.size() - 1)) + " exited "
                    + process.exitValue() + ": " + last);
        }
    }

    /** {@code JAVA_RUNTIME_VERSION} from the JDK's {@code release} file, as bin/lockctl reads it. */
    static String runtimeVersion(Path home) throws IOException {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return "";
        }
        for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
            if (line.startsWith("JAVA_RUNTIME_VERSION=")) {
                return line.substring("JAVA_RUNTIME_VERSION=".length()).replace("\"", "");
            }
        }
        return "";
    }

    /** Replaces the target at once: a lockctl starting meanwhile maps the old file or the new one. */
    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").startsWith("Windows");
    }
}
