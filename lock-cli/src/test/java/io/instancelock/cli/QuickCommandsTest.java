package io.instancelock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** status and list without picocli: the same output and exit code as through picocli, or left to it. */
class QuickCommandsTest {

    @TempDir
    Path work;

    private Path dir;
    private LockFiles files;

    record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createDirectory(work.resolve("locks"));
        files = new LockFiles(dir);
    }

    private static Result picocli(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Lockctl.commandLine(environment)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static Result quick(Map<String, String> environment, String... args) {
        QuickCommands.Request request = QuickCommands.parse(args);
        assertThat(request).as("plain arguments %s", List.of(args)).isNotNull();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = request.run(environment, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** Splits a test's arguments on spaces; {@code DIR} stands for the lock directory. */
    private String[] args(String line) {
        List<String> args = new ArrayList<>();
        for (String arg : line.split(" ")) {
            args.add(arg.replace("DIR", dir.toString()));
        }
        return args.toArray(String[]::new);
    }

    private void assertSameAsPicocli(Map<String, String> environment, String line) {
        String[] args = args(line);
        assertThat(quick(environment, args)).isEqualTo(picocli(environment, args));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--dir DIR status 123456",
                "--dir DIR status --json 123456",
                "status 123456 --dir DIR",
                "status --dir=DIR 123456 --json",
                "--verbose --dir DIR status 777",
                "--dir DIR status 999",
                "--dir DIR status --json 999",
                "--dir DIR status 1",
                "--dir DIR status 400",
                "--dir DIR list",
                "list --dir DIR --json",
                "--dir=DIR --verbose list",
                "--dir DIR/nothing-here list",
                "--dir DIR/nothing-here list --json",
                "--dir DIR/no-parent/locks list",
                "--dir DIR/no-parent/locks status 1",
                "--dir DIR/plain-file list",
            })
    void printsWhatPicocliPrints(String line) throws IOException {
        files.olderLauncher("123456", ProcessHandle.current().pid(), "john_topstep");
        files.olderLauncherOnHost("777", "far-away-host");
        files.abandoned("555");
        files.write("1", "this is not JSON");
        files.write("400", "{}");
        Files.writeString(dir.resolve("plain-file"), "x");

        assertSameAsPicocli(Map.of(), line);
    }

    @Test
    void accountHeldByThisProcessIsShownAsPicocliShowsIt() {
        try (AccountLocks locks = AccountLocks.open(dir)) {
            Acquisition taken = locks.tryAcquire(AccountId.of("42"), "john");
            assertThat(taken.acquired()).isTrue();

            assertSameAsPicocli(Map.of(), "--dir DIR status 42");
            assertSameAsPicocli(Map.of(), "--dir DIR list --json");
        }
    }

    @Test
    void lockDirectoryComesFromTheEnvironmentAsThroughPicocli() {
        files.abandoned("555");

        assertSameAsPicocli(Map.of(Lockctl.DIR_VARIABLE, dir.toString()), "list");
        assertSameAsPicocli(Map.of(Lockctl.DIR_VARIABLE, dir.toString()), "status 555");
    }

    @Test
    void verboseFailureShowsTheSameMessageAndAStackTrace() {
        String[] args = args("--verbose --dir DIR/no-parent/locks status 1");

        Result quick = quick(Map.of(), args);
        Result picocli = picocli(Map.of(), args);

        assertThat(quick.exitCode()).isEqualTo(picocli.exitCode()).isEqualTo(74);
        assertThat(quick.err().lines().limit(2))
                .isEqualTo(picocli.err().lines().limit(2).toList());
        assertThat(quick.err()).contains("\tat io.instancelock.cli.Lockctl.openLocks");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "status",
                "list extra",
                "status 1 2",
                "status 12/34",
                "status .hidden",
                "--json list",
                "list --json --json",
                "--dir DIR --dir DIR list",
                "--dir",
                "list --dir",
                "--dir --json list",
                "--dir= list",
                "--verbose --verbose list",
                "status --jso 1",
                "status -h",
                "status --help",
                "--help",
                "-V",
                "--version",
                "list -- 1",
                "status @args.txt",
                "--dir @dirs list",
                "run 1 true",
                "run 1 --",
                "run -- true",
                "run 1 --wait 5s -- true",
                "run --wait 5x 1 -- true",
                "run --wait 1s --wait 2s 1 -- true",
                "run --broker -x 1 -- true",
                "run --kill 1 -- true",
                "run --help",
                "run 12/34 -- true",
                "--server postgresql://h/db run 1 -- true",
                "release 1",
                "clean",
                "doctor",
                "generate-completion",
                "lis",
                "",
            })
    void leavesEverythingElseToPicocli(String line) {
        assertThat(QuickCommands.parse(line.isEmpty() ? new String[0] : args(line)))
                .isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--dir DIR run 123456 -- true",
                "--dir DIR run 123456 -- sh -c exit|3",
                "--dir DIR run --wait 2s --broker john --name Combine 123456 -- true",
                "--dir=DIR run --wait=forever --broker=john 123456 -- sh -c exit|4",
                "--dir DIR run 123456 -- no-such-command-here",
            })
    void runGivesTheSameExitCodeAndMessagesAsThroughPicocli(String line) {
        // "|" stands for a space inside one argument
        String[] args = args(line);
        for (int i = 0; i < args.length; i++) {
            args[i] = args[i].replace('|', ' ');
        }
        assertThat(quick(Map.of(), args)).isEqualTo(picocli(Map.of(), args));
        assertThat(files.file("123456")).doesNotExist();
    }

    @Test
    void runOfAHeldAccountIsRefusedWithTheStandardMessageAsThroughPicocli() throws Exception {
        // given
        try (AccountLocks locks = AccountLocks.open(dir)) {
            Acquisition held = locks.tryAcquire(AccountId.of("123456"), "john_topstep");
            assertThat(held.acquired()).isTrue();
            String[] args = args("--dir DIR run --name Combine 123456 -- true");
            // when
            Result quick = quick(Map.of(), args);
            // then
            assertThat(quick.exitCode()).isEqualTo(75);
            assertThat(quick).isEqualTo(picocli(Map.of(), args));
            ((Acquisition.Acquired) held).handle().close();
        }
    }
}
