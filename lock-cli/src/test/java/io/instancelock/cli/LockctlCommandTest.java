package io.instancelock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.instancelock.core.AccountId;
import io.instancelock.core.LockException;
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

/** lockctl run in this JVM through picocli: parsing, output and exit codes. */
class LockctlCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private LockFiles files;

    record Result(int exitCode, String out, String err) {}

    @BeforeEach
    void setUp() {
        files = new LockFiles(dir);
    }

    private Result lockctl(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Lockctl.commandLine(environment)
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    /** lockctl with {@code --dir} set to the test's lock directory. */
    private Result lockctl(String... args) {
        List<String> all = new ArrayList<>(List.of("--dir", dir.toString()));
        all.addAll(List.of(args));
        return lockctl(Map.of(), all.toArray(String[]::new));
    }

    private static void assertNoStackTrace(Result result) {
        assertThat(result.err()).doesNotContain("\tat ").doesNotContain("Exception in");
    }

    @Test
    void invalidAccountIdIsAUsageErrorThatSaysWhatIsAllowed() {
        Result result = lockctl("status", "12 34");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("invalid account id '12 34'").contains(AccountId.RULE);
        assertNoStackTrace(result);
    }

    @Test
    void waitTimeThatIsNotADurationIsAUsageErrorNamingTheForms() {
        Result result = lockctl("run", "--wait", "5x", "123456", "--", "true");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("'5x' is not a waiting time").contains("500ms, 10s, 2m or 1h, or forever");
    }

    @Test
    void runWithoutACommandIsAUsageError() {
        Result result = lockctl("run", "123456");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("COMMAND");
    }

    @Test
    void commandOptionsWithoutDoubleDashAreAUsageErrorThatShowsWhereItGoes() {
        Result result = lockctl("run", "123456", "ls", "-l");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '-l'").contains("lockctl run [OPTIONS] ACCOUNT -- COMMAND");
    }

    @Test
    void lockDirectoryWhoseParentIsMissingExits74NamingItAndTheFix() {
        Path missing = dir.resolve("no-such-parent").resolve("locks");

        Result result = lockctl(Map.of(), "--dir", missing.toString(), "list");

        assertThat(result.exitCode()).isEqualTo(74);
        assertThat(result.err())
                .contains(missing.toString())
                .contains("does not exist")
                .contains("--dir");
        assertNoStackTrace(result);
    }

    @Test
    void lockDirectoryThatIsAFileExits74() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        Result result = lockctl(Map.of(), "list", "--dir", file.toString());

        assertThat(result.exitCode()).isEqualTo(74);
        assertThat(result.err()).contains(file.toString()).contains("not a directory");
        assertNoStackTrace(result);
    }

    @Test
    void lockDirectoryComesFromTheEnvironmentWhenDirIsNotGiven() {
        files.abandoned("555");

        Result result = lockctl(Map.of(Lockctl.DIR_VARIABLE, dir.toString()), "list");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("555").contains("stale");
    }

    @Test
    void listShowsACorruptFileAsStaleWithItsReasonInAnAlignedTable() {
        files.write("1", "this is not JSON");
        files.olderLauncher("123456", ProcessHandle.current().pid(), "john_topstep");

        Result result = lockctl("list");

        assertThat(result.exitCode()).isZero();
        List<String> lines = result.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0))
                .startsWith("ACCOUNT")
                .contains("STATE")
                .contains("PID")
                .contains("BROKER");
        assertThat(lines.get(1)).startsWith("1 ").contains("stale").contains("not valid JSON");
        assertThat(lines.get(2)).startsWith("123456").contains("held").contains("john_topstep");
        int stateColumn = lines.get(0).indexOf("STATE");
        assertThat(lines.get(1).indexOf("stale")).isEqualTo(stateColumn);
        assertThat(lines.get(2).indexOf("held")).isEqualTo(stateColumn);
    }

    @Test
    void listJsonHasTheContractKeysAndStatesForEveryFile() throws IOException {
        files.olderLauncher("100", ProcessHandle.current().pid(), "john");
        files.abandoned("200");
        files.olderLauncherOnHost("300", "far-away-host");
        files.write("400", "{}");

        Result result = lockctl("list", "--json");

        assertThat(result.exitCode()).isZero();
        JsonNode rows = JSON.readTree(result.out());
        assertThat(rows.isArray()).isTrue();
        assertThat(rows).hasSize(4);
        for (JsonNode row : rows) {
            assertThat(row.has("account_id")
                            && row.has("state")
                            && row.has("pid")
                            && row.has("hostname")
                            && row.has("broker_username")
                            && row.has("created_at"))
                    .as(row.toString())
                    .isTrue();
        }
        assertThat(rows.get(0).get("account_id").asText()).isEqualTo("100");
        assertThat(rows.get(0).get("state").asText()).isEqualTo("held");
        assertThat(rows.get(0).get("pid").asLong())
                .isEqualTo(ProcessHandle.current().pid());
        assertThat(rows.get(0).get("broker_username").asText()).isEqualTo("john");
        assertThat(rows.get(1).get("state").asText()).isEqualTo("stale");
        assertThat(rows.get(2).get("state").asText()).isEqualTo("unknown");
        assertThat(rows.get(2).get("hostname").asText()).isEqualTo("far-away-host");
        assertThat(rows.get(3).get("state").asText()).isEqualTo("stale");
        assertThat(rows.get(3).get("pid").isNull()).isTrue();
        assertThat(rows.get(3).get("reason").asText()).contains("unreadable");
    }

    @Test
    void statusOfAFreeAccountExits0() {
        Result result = lockctl("status", "123456");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("123456: free");
    }

    @Test
    void statusOfAHeldAccountExits75AndPrintsTheHolder() {
        files.olderLauncher("123456", ProcessHandle.current().pid(), "john_topstep");

        Result result = lockctl("status", "123456");

        assertThat(result.exitCode()).isEqualTo(75);
        assertThat(result.out())
                .contains("held")
                .contains("john_topstep")
                .contains("pid " + ProcessHandle.current().pid());
    }

    @Test
    void statusJsonPrintsOneObjectWithTheHoldersFields() throws IOException {
        files.olderLauncher("123456", ProcessHandle.current().pid(), "john_topstep");

        JsonNode status = JSON.readTree(lockctl("status", "--json", "123456").out());
        JsonNode free = JSON.readTree(lockctl("status", "--json", "999").out());

        assertThat(status.get("state").asText()).isEqualTo("held");
        assertThat(status.get("broker_username").asText()).isEqualTo("john_topstep");
        assertThat(status.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(free.get("account_id").asText()).isEqualTo("999");
        assertThat(free.get("state").asText()).isEqualTo("free");
        assertThat(free.get("pid").isNull()).isTrue();
    }

    @Test
    void releaseRemovesAStaleLockAndSaysWhy() {
        Path file = files.abandoned("123456");

        Result result = lockctl("release", "123456");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("removed the stale lock of account 123456")
                .contains("has exited");
        assertThat(file).doesNotExist();
    }

    @Test
    void releaseRefusesALiveHolderWith75AndShowsIt() {
        Path file = files.olderLauncher("123456", ProcessHandle.current().pid(), "john_topstep");

        Result result = lockctl("release", "--force", "123456");

        assertThat(result.exitCode()).isEqualTo(75);
        assertThat(result.err()).contains("in use").contains("john_topstep").contains("lockctl stop 123456");
        assertThat(file).exists();
    }

    @Test
    void releaseRemovesALockThatCannotBeJudgedOnlyWithForce() {
        Path file = files.olderLauncherOnHost("123456", "far-away-host");

        Result refused = lockctl("release", "123456");

        assertThat(refused.exitCode()).isEqualTo(75);
        assertThat(refused.err()).contains("far-away-host").contains("release --force 123456");
        assertThat(file).exists();

        Result forced = lockctl("release", "--force", "123456");

        assertThat(forced.exitCode()).isZero();
        assertThat(forced.out())
                .contains("removed the unknown lock of account 123456")
                .contains("pid 4242 on host far-away-host");
        assertThat(file).doesNotExist();
    }

    @Test
    void releaseOfAFreeAccountSaysThereIsNothingToRelease() {
        Result result = lockctl("release", "123456");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("not locked");
    }

    @Test
    void cleanDryRunShowsStaleLocksWithTheirReasonAndKeepsThem() {
        Path stale = files.abandoned("1");
        Path held = files.olderLauncher("2", ProcessHandle.current().pid(), "john");

        Result result = lockctl("clean", "--dry-run");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("would remove 1: holder pid").doesNotContain("would remove 2");
        assertThat(stale).exists();
        assertThat(held).exists();
    }

    @Test
    void cleanRemovesOnlyStaleLocks() {
        Path stale = files.abandoned("1");
        Path corrupt = files.write("2", "garbage");
        Path held = files.olderLauncher("3", ProcessHandle.current().pid(), "john");
        Path unknown = files.olderLauncherOnHost("4", "far-away-host");

        Result result = lockctl("clean");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("removed 1: ").contains("removed 2: ").contains("2 stale lock(s) removed");
        assertThat(stale).doesNotExist();
        assertThat(corrupt).doesNotExist();
        assertThat(held).exists();
        assertThat(unknown).exists();
    }

    @Test
    void stopRefusesAHolderOnAnotherHost() {
        files.olderLauncherOnHost("123456", "far-away-host");

        Result result = lockctl("stop", "123456");

        assertThat(result.exitCode()).isEqualTo(75);
        assertThat(result.err())
                .contains("held on host far-away-host, not on this computer")
                .contains("stop it there");
    }

    @Test
    void stopOfAFreeAccountHasNothingToDo() {
        Result result = lockctl("stop", "123456");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("not held; nothing to stop");
    }

    @Test
    void aLockDirectoryUnderAPlainFileIsRefusedNamingThatFile() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        Result result = lockctl(Map.of(), "--dir", file.resolve("locks").toString(), "status", "123456");

        assertThat(result.exitCode()).isEqualTo(74);
        assertThat(result.err())
                .contains("its parent " + file + " is not a directory")
                .doesNotContain("does not exist")
                .doesNotContain("Exception");
    }

    @Test
    void aLockDirectoryUnderAMissingDirectoryIsRefusedNamingIt() {
        Path missing = dir.resolve("no-such-dir");

        Result result = lockctl(Map.of(), "--dir", missing.resolve("locks").toString(), "list");

        assertThat(result.exitCode()).isEqualTo(74);
        assertThat(result.err()).contains("its parent " + missing + " does not exist");
    }

    @Test
    void doctorReportsAnUnusableLockDirectoryWithExitCode74() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");

        Result result = lockctl(Map.of(), "--dir", file.toString(), "doctor");

        assertThat(result.exitCode()).isEqualTo(74);
        assertThat(result.out()).contains("FAIL " + file + " is not a directory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"list", "status", "run", "release", "clean", "stop", "doctor"})
    void everyCommandExplainsItselfWithHelp(String command) {
        Result result = lockctl(command, "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("Usage: lockctl " + command).contains("--dir");
    }

    @Test
    void helpListsTheCommandsAndExitCodes() {
        Result result = lockctl("--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .contains("list")
                .contains("run")
                .contains("doctor")
                .contains("75")
                .contains("74")
                .doesNotContain("doctor-probe");
    }

    @Test
    void helpSummarisesEachCommandInAWholeSentence() {
        Result result = lockctl("--help");

        // picocli lists a command by its header's first line: a description cut mid-sentence read "pid, host,".
        assertThat(result.out())
                .containsPattern("(?m)^ +list +List every lock with its state, holder and reason\\.$")
                .containsPattern("(?m)^ +status +Exit 0 if an account is free, 75 if it is held\\.$")
                .containsPattern("(?m)^ +run +Hold an account's lock while COMMAND runs\\.$")
                .containsPattern("(?m)^ +release +Remove an account's stale lock\\.$")
                .containsPattern("(?m)^ +stop +Ask an account's holder to stop; wait for the release\\.$")
                .containsPattern("(?m)^ +clean +Remove every stale lock, printing why it was stale\\.$")
                .containsPattern("(?m)^ +doctor +Check the lock directory, platform and lock server\\.$")
                .doesNotContainPattern("(?m),$");
    }

    @Test
    void versionNamesTheProgram() {
        Result result = lockctl("--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("lockctl ");
    }

    @Test
    void completionScriptCanBeGenerated() {
        Result result = lockctl(Map.of(), "generate-completion");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("complete").contains("lockctl");
    }

    @Test
    void theLockServerComesFromTheOptionElseTheEnvironmentElseNone() {
        Map<String, String> env = Map.of("LOCKCTL_SERVER", " postgresql://env@db/locks ");

        assertThat(Lockctl.serverUrl("postgresql://opt@db/locks", env)).isEqualTo("postgresql://opt@db/locks");
        assertThat(Lockctl.serverUrl(null, env)).isEqualTo("postgresql://env@db/locks");
        assertThat(Lockctl.serverUrl(null, Map.of("LOCKCTL_SERVER", ""))).isNull();
        assertThat(Lockctl.serverUrl(null, Map.of())).isNull();
    }

    @Test
    void lockServerProblemsExit69WhenUnreachableAnd77WhenTheLoginIsRefused() {
        assertThat(ErrorHandlers.exitCode(new LockException(LockException.Kind.SERVER_UNREACHABLE, "down", null)))
                .isEqualTo(69);
        assertThat(ErrorHandlers.exitCode(new LockException(LockException.Kind.CREDENTIALS_REFUSED, "no", null)))
                .isEqualTo(77);
        assertThat(ErrorHandlers.exitCode(new LockException("lock directory unusable")))
                .isEqualTo(74);
    }

    @Test
    void theServerOptionIsSkippedWhenChoosingWhichSubcommandToLoad() {
        assertThat(Lockctl.onlyNeeded(new String[] {"--server", "postgresql://h/db", "list"}))
                .containsExactly("list");
        assertThat(Lockctl.onlyNeeded(new String[] {"--server=postgresql://h/db", "status", "1"}))
                .containsExactly("status");
    }
}
