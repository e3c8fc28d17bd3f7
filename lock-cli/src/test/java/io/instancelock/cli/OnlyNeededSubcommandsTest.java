package io.instancelock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** A command line built with only the subcommand the arguments name behaves as the full one. */
class OnlyNeededSubcommandsTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {}

    private static Result execute(CommandLine commandLine, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = commandLine
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private String[] args(String line) {
        List<String> args = new ArrayList<>();
        for (String arg : line.split(" ")) {
            args.add(arg.replace("DIR", dir.toString()));
        }
        return args.toArray(String[]::new);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "run --help",
                "--dir DIR run 1",
                "--dir DIR run --wait 5x 1 -- true",
                "--dir DIR run 1 ls -l",
                "--verbose --dir=DIR run 1 -- /no/such/program",
                "--dir DIR release 1",
                "--dir DIR release --force",
                "--dir DIR clean --dry-run",
                "--dir DIR stop 1 --timeout 2x",
                "--dir DIR stop 1",
                "doctor --help",
                "status -h",
                "list --version",
                "status 12/34",
            })
    void behavesAsTheFullCommandLine(String line) {
        String[] args = args(line);

        Result needed = execute(Lockctl.commandLine(Map.of(), Lockctl.onlyNeeded(args)), args);
        Result full = execute(Lockctl.commandLine(Map.of()), args);

        assertThat(needed).isEqualTo(full);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--help",
                "-h",
                "--version",
                "stats 1",
                "generate-completion",
                "--dir DIR",
                "@args",
                "--dir @dirs run 1",
                ""
            })
    void argumentsThatNameNoSingleSubcommandGetThemAll(String line) {
        String[] args = line.isEmpty() ? new String[0] : args(line);

        assertThat(Lockctl.onlyNeeded(args)).isEqualTo(Lockctl.SUBCOMMANDS);
    }

    @Test
    void argumentsNamingASubcommandGetOnlyIt() {
        assertThat(Lockctl.onlyNeeded(args("--dir DIR --verbose run 1 -- status")))
                .containsExactly("run");
        assertThat(Lockctl.onlyNeeded(args("--dir=DIR stop 1"))).containsExactly("stop");
    }

    @Test
    void subcommandNamesAreTheNamesTheCommandsDeclare() {
        Map<String, CommandLine> subcommands = Lockctl.commandLine(Map.of()).getSubcommands();

        assertThat(subcommands.keySet()).containsExactlyElementsOf(Lockctl.SUBCOMMANDS);
        subcommands.forEach((name, subcommand) -> assertThat(subcommand
                        .getCommand()
                        .getClass()
                        .getAnnotation(CommandLine.Command.class)
                        .name())
                .isEqualTo(name));
    }
}
