package io.instancelock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.cli.LockctlProcesses.ProcessResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * How bin/lockctl starts: it builds the jar on first use, makes and uses a start-up archive that
 * matches the jar and the JDK, and never uses one that does not; {@code status} and {@code list} load
 * neither picocli's model, nor Jackson's object mapper, nor JNA, nor a logging back-end.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "runs bin/lockctl, a POSIX shell script")
class LockctlStartupIT {

    private static final Path REPOSITORY = LockctlProcesses.LAUNCHER.getParent().getParent();
    private static final Path BUILT_JAR = REPOSITORY.resolve("lock-cli/target/lockctl.jar");

    @TempDir
    Path work;

    private LockctlProcesses lockctl;

    @BeforeEach
    void setUp() throws IOException {
        lockctl = new LockctlProcesses(
                Files.createDirectory(work.resolve("locks")), Files.createDirectory(work.resolve("output")));
    }

    /**
     * A copy of the repository's layout with bin/lockctl, git's index and a mvnw that "builds" by
     * copying the jar, after {@code pause} seconds, and counts its builds in {@code builds.txt}.
     */
    private Path cloneWithoutJar(int pause) throws IOException {
        Path clone = Files.createDirectory(work.resolve("clone"));
        Files.createDirectories(clone.resolve("bin/lib"));
        Files.copy(LockctlProcesses.LAUNCHER, clone.resolve("bin/lockctl"));
        Files.copy(REPOSITORY.resolve("bin/lib/build.sh"), clone.resolve("bin/lib/build.sh"));
        Files.createDirectories(clone.resolve(".git"));
        Files.writeString(clone.resolve(".git/index"), "index");
        Files.createDirectories(clone.resolve("lock-core/src/main/java/io/instancelock/core"));
        Path mvnw = Files.writeString(
                clone.resolve("mvnw"),
                "#!/bin/sh\necho \"fake build: $*\"\necho build >>builds.txt\nsleep " + pause
                        + "\nmkdir -p lock-cli/target && cp '" + BUILT_JAR + "' lock-cli/target/lockctl.jar\n"
                        + "echo '[INFO] BUILD SUCCESS'\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        return clone;
    }

    private Path cloneWithoutJar() throws IOException {
        return cloneWithoutJar(0);
    }

    private static long builds(Path clone) throws IOException {
        Path builds = clone.resolve("builds.txt");
        return Files.exists(builds) ? Files.readAllLines(builds).size() : 0;
    }

    private ProcessResult run(Path launcher, Map<String, String> environment, String... args) {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        return lockctl.startIn(work, command, environment).awaitExit();
    }

    /** Runs lockctl with its class loading logged to a file, and returns that log. */
    private String classesLoaded(Path launcher, String... args) throws IOException {
        Path log = work.resolve("classes-" + System.nanoTime() + ".log");
        ProcessResult result = run(launcher, Map.of("LOCKCTL_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), args);
        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdErr()).as("no build, archive or CDS message").isEmpty();
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private static boolean fromArchive(String classLog) {
        return classLog.contains("io.instancelock.cli.Lockctl source: shared objects file");
    }

    @Test
    void buildsTheJarOnFirstUseThenMakesAndUsesAStartUpArchive() throws IOException {
        Path clone = cloneWithoutJar();
        Path launcher = clone.resolve("bin/lockctl");

        ProcessResult first = run(launcher, Map.of(), "list");

        assertThat(first.exitCode()).as(first.toString()).isZero();
        assertThat(first.stdOut())
                .as("the build's output is not lockctl's")
                .isEqualTo("no locks in " + work.toRealPath().resolve("locks") + "\n");
        assertThat(first.stdErr())
                .contains("lockctl: building lockctl (first use")
                .contains("lockctl:   built")
                .contains("lockctl: making the start-up archive for")
                .contains("lockctl: start-up archive for Java");
        assertThat(clone.resolve("lock-cli/target/lockctl.jar")).exists();
        assertThat(clone.resolve("lock-cli/target/lockctl-build.log"))
                .content()
                .contains("fake build: -B -Dmaven.test.skip=true -Dspotless.check.skip=true package -pl lock-cli -am");

        ProcessResult second = run(launcher, Map.of(), "list");
        assertThat(second.stdErr()).as("built and made once").isEmpty();
        assertThat(second.stdOut()).isEqualTo(first.stdOut());
        assertThat(fromArchive(classesLoaded(launcher, "status", "123456"))).isTrue();
        // status and list map an archive of their own classes; run, the full one with the bot's lifecycle
        assertThat(classesLoaded(launcher, "run", "123456", "--", "true"))
                .contains("io.instancelock.core.BotSession source: shared objects file");
    }

    @Test
    void aCheckoutThatGitChangedIsBuiltAgainWhenItsSourcesAreNewerThanTheJar() throws IOException {
        // given a clone built a while ago
        Path clone = cloneWithoutJar();
        Path launcher = clone.resolve("bin/lockctl");
        assertThat(run(launcher, Map.of(), "list").exitCode()).isZero();
        Instant now = Instant.now();
        Path target = clone.resolve("lock-cli/target");
        Files.setLastModifiedTime(target.resolve("lockctl.jar"), FileTime.from(now.minusSeconds(100)));
        Files.setLastModifiedTime(target.resolve("lockctl.checked"), FileTime.from(now.minusSeconds(100)));
        try (var paths = Files.walk(clone.resolve("lock-core"))) {
            for (Path path : paths.toList()) {
                Files.setLastModifiedTime(path, FileTime.from(now.minusSeconds(200)));
            }
        }
        Path index = clone.resolve(".git/index");

        // when git changes its index but no source of lockctl (a commit, a pull of other modules)
        Files.setLastModifiedTime(index, FileTime.from(now.minusSeconds(50)));
        ProcessResult unchanged = run(launcher, Map.of(), "list");

        // then nothing is built
        assertThat(unchanged.stdErr()).as(unchanged.toString()).isEmpty();
        assertThat(builds(clone)).isEqualTo(1);

        // when a pull brings a new source
        Files.writeString(clone.resolve("lock-core/src/main/java/io/instancelock/core/Pulled.java"), "class Pulled {}");
        Files.setLastModifiedTime(index, FileTime.from(Instant.now()));
        ProcessResult pulled = run(launcher, Map.of(), "list");

        // then lockctl builds again, once, and runs the new jar
        assertThat(pulled.exitCode()).as(pulled.toString()).isZero();
        assertThat(pulled.stdErr()).contains("lockctl: building lockctl (the sources changed");
        assertThat(pulled.stdOut()).isEqualTo("no locks in " + work.toRealPath().resolve("locks") + "\n");
        assertThat(builds(clone)).isEqualTo(2);
        ProcessResult next = run(launcher, Map.of(), "list");
        assertThat(next.stdErr()).as(next.toString()).isEmpty();
        assertThat(builds(clone)).isEqualTo(2);
    }

    @Test
    void commandsStartedTogetherOnAFreshCloneWaitForOneBuild() throws IOException {
        // given a clone without the jar, whose build takes a second
        Path clone = cloneWithoutJar(1);
        List<String> command = List.of(clone.resolve("bin/lockctl").toString(), "list");

        // when three commands start at once
        List<LockctlProcesses.Started> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(lockctl.startIn(work, command, Map.of()));
        }

        // then one builds, the others wait for it, and all three run
        for (LockctlProcesses.Started each : started) {
            ProcessResult result = each.awaitExit();
            assertThat(result.exitCode()).as(result.toString()).isZero();
            assertThat(result.stdOut())
                    .isEqualTo("no locks in " + work.toRealPath().resolve("locks") + "\n");
        }
        assertThat(builds(clone)).isEqualTo(1);
        assertThat(clone.resolve("lock-cli/target/.building")).doesNotExist();
    }

    @Test
    void aFailedBuildSaysSoAndLeavesNoJarAndNoBuildInProgress() throws IOException {
        // given a clone whose build fails
        Path clone = cloneWithoutJar();
        Files.writeString(clone.resolve("mvnw"), "#!/bin/sh\necho '[ERROR] COMPILATION ERROR : Broken.java'\nexit 1\n");

        // when
        ProcessResult failed = run(clone.resolve("bin/lockctl"), Map.of(), "list");

        // then
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.stdOut()).isEmpty();
        assertThat(failed.stdErr())
                .contains("[ERROR] COMPILATION ERROR : Broken.java")
                .contains("lockctl: the build failed; see the errors above and " + clone.resolve("lock-cli/target"));
        assertThat(clone.resolve("lock-cli/target/lockctl.jar")).doesNotExist();
        assertThat(clone.resolve("lock-cli/target/.building")).doesNotExist();
    }

    @Test
    void aChangedJarIsNeverRunWithTheArchiveOfTheOldOne() throws IOException {
        Path clone = cloneWithoutJar();
        Path launcher = clone.resolve("bin/lockctl");
        assertThat(run(launcher, Map.of(), "list").exitCode()).isZero();
        Path jar = clone.resolve("lock-cli/target/lockctl.jar");
        Path stamp;
        try (var stamps = Files.list(clone.resolve("lock-cli/target/startup"))) {
            stamp = stamps.filter(path -> path.toString().endsWith(".stamp"))
                    .findFirst()
                    .orElseThrow();
        }

        rebuild(jar);
        // The launcher sees a stamp older than the jar: it makes a new archive for the new jar.
        ProcessResult remade = run(launcher, Map.of(), "status", "123456");
        assertThat(remade.exitCode()).as(remade.toString()).isZero();
        assertThat(remade.stdOut()).isEqualTo("123456: free (not locked)\n");
        assertThat(remade.stdErr()).contains("making the start-up archive").doesNotContain("[warning]");
        assertThat(fromArchive(classesLoaded(launcher, "status", "123456"))).isTrue();

        rebuild(jar);
        // Now the stamp claims to be newer than the jar: the JVM itself must refuse the archive,
        // without a word on stdout or stderr.
        Files.setLastModifiedTime(stamp, FileTime.from(Instant.now().plusSeconds(60)));
        ProcessResult fooled = run(launcher, Map.of(), "list", "--json");
        assertThat(fooled.exitCode()).as(fooled.toString()).isZero();
        assertThat(fooled.stdOut()).isEqualTo("[ ]\n");
        assertThat(fooled.stdErr()).isEmpty();
        assertThat(fromArchive(classesLoaded(launcher, "status", "123456")))
                .as("classes of the changed jar come from the jar")
                .isFalse();
        Path archiveLog = work.resolve("archive.log");
        String tag = Runtime.version().feature() >= 24 ? "aot" : "cds";
        run(launcher, Map.of("LOCKCTL_JAVA_OPTS", "-Xlog:" + tag + "=info:file=" + archiveLog), "list");
        assertThat(Files.readString(archiveLog))
                .as("the JVM was given the archive, and refused it")
                .contains(clone.resolve("lock-cli/target/startup").toString());
    }

    @Test
    void statusAndListLoadNoCommandModelNoObjectMapperNoJnaAndNoLoggingBackEnd() throws IOException {
        for (List<String> args : List.of(List.of("status", "123456"), List.of("list"), List.of("list", "--json"))) {
            String loaded = classesLoaded(LockctlProcesses.LAUNCHER, args.toArray(String[]::new));

            assertThat(loaded)
                    .as("%s", args)
                    .doesNotContain("picocli.CommandLine source:")
                    .doesNotContain("com.fasterxml.jackson.databind.")
                    .doesNotContain("com.sun.jna.")
                    .doesNotContain("java.util.logging.LogManager source:");
        }
    }

    @Test
    void warningsOfLockCoreAreStillShownWhenSomethingLogs() throws IOException {
        Path locks = work.resolve("locks");
        Path elsewhere = Files.writeString(work.resolve("elsewhere"), "not a lock");
        Files.createSymbolicLink(locks.resolve("account_9.lock"), elsewhere);

        ProcessResult clean = run(LockctlProcesses.LAUNCHER, Map.of(), "--dir", locks.toString(), "clean");

        assertThat(clean.exitCode()).as(clean.toString()).isZero();
        assertThat(clean.stdErr()).contains("lockctl: warning: left lock of account 9 in place");
    }

    @Test
    void theArchiveIsTrainedUnderTheOptionsTheLauncherStartsLockctlWith() throws IOException {
        String launcher = Files.readString(LockctlProcesses.LAUNCHER);

        assertThat(launcher).contains("\"$java\" " + String.join(" ", StartupArchive.JVM_OPTIONS) + " ");
        assertThat(Files.readString(REPOSITORY.resolve("bin/lockctl.cmd")))
                .contains("set \"OPTS=" + String.join(" ", StartupArchive.JVM_OPTIONS) + "\"");
    }

    /** Changes the jar as a rebuild would: other bytes, another size, a new time. */
    private static void rebuild(Path jar) throws IOException {
        Path extra = Files.writeString(jar.resolveSibling("rebuilt-" + System.nanoTime() + ".txt"), "rebuilt");
        ToolProvider tool = ToolProvider.findFirst("jar").orElseThrow();
        StringWriter output = new StringWriter();
        int code = tool.run(
                new PrintWriter(output),
                new PrintWriter(output),
                "--update",
                "--file",
                jar.toString(),
                "-C",
                extra.getParent().toString(),
                extra.getFileName().toString());
        assertThat(code).as(output.toString()).isZero();
    }
}
