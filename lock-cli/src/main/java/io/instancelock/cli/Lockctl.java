package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code lockctl} command: see, use and clean account locks from a shell. */
@Command(
        name = "lockctl",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "See, use and clean the locks that keep each trading account driven by one bot at a time.",
        subcommands = {
            ListCommand.class,
            StatusCommand.class,
            RunCommand.class,
            ReleaseCommand.class,
            CleanCommand.class,
            StopCommand.class,
            DoctorCommand.class,
            DoctorProbeCommand.class,
            AutoComplete.GenerateCompletion.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (status: the account is free)",
            "2:usage error or invalid account id",
            "74:the lock directory is unusable",
            "75:the account is held by another process",
            "76:run: the lock was lost while COMMAND ran (COMMAND was stopped)",
            "127:run: COMMAND could not be started (otherwise run exits with COMMAND's code)"
        })
public final class Lockctl implements Callable<Integer> {

    /** The environment variable that names the lock directory when {@code --dir} is not given. */
    static final String DIR_VARIABLE = "LOCKCTL_DIR";

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "The lock directory (default: $" + DIR_VARIABLE + ", else ./locks).")
    private Path dir;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Show the stack trace of an unexpected error.")
    private boolean verbose;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> environment;

    Lockctl(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String... args) {
        // lock-core logs what it removes; the commands print that themselves, so only warnings are shown.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        int code;
        try {
            code = commandLine(System.getenv()).execute(args);
        } catch (Error e) {
            // A broken installation (a class missing from the jar, say): one line, not a stack trace.
            System.err.println("lockctl: internal error: " + e + "; rebuild lockctl (./mvnw -q package -DskipTests)");
            code = ExitCodes.FAILED;
        }
        System.exit(code);
    }

    /** The configured command line: converters, error handlers and exit codes. */
    static CommandLine commandLine(Map<String, String> environment) {
        Lockctl lockctl = new Lockctl(environment);
        CommandLine commandLine = new CommandLine(lockctl);
        commandLine.registerConverter(AccountId.class, new Converters.Account());
        commandLine.setParameterExceptionHandler(new ErrorHandlers.BadInput());
        commandLine.setExecutionExceptionHandler(new ErrorHandlers.Failure(() -> lockctl.verbose));
        return commandLine;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "a command is missing: use one of list, status, run, release, clean, stop, doctor");
    }

    /** The lock directory: {@code --dir}, else {@code $LOCKCTL_DIR}, else {@code ./locks}. */
    Path lockDirectory() {
        if (dir != null) {
            return dir.toAbsolutePath().normalize();
        }
        String fromEnvironment = environment.get(DIR_VARIABLE);
        Path chosen =
                fromEnvironment != null && !fromEnvironment.isBlank() ? Path.of(fromEnvironment) : Path.of("locks");
        return chosen.toAbsolutePath().normalize();
    }

    /**
     * Opens the lock directory, creating it when only it is missing.
     *
     * @throws LockException when it cannot be used, naming it, the cause and the fix
     */
    AccountLocks openLocks() {
        Path directory = lockDirectory();
        Path parent = directory.getParent();
        if (!Files.isDirectory(directory) && parent != null && !Files.isDirectory(parent)) {
            throw new LockException("lock directory " + directory + " cannot be created: its parent " + parent
                    + " does not exist. Create it, or choose another directory with --dir or $" + DIR_VARIABLE);
        }
        return AccountLocks.open(directory);
    }
}
