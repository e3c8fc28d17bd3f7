package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success (status: the account is free)",
            "2:usage error or invalid account id",
            "69:the lock server cannot be reached",
            "74:the lock directory is unusable",
            "75:the account is held by another process",
            "76:run: the lock was lost while COMMAND ran (COMMAND was stopped)",
            "77:the lock server refused the credentials",
            "127:run: COMMAND could not be started (otherwise run exits with COMMAND's code)"
        })
public final class Lockctl implements Callable<Integer> {

    /** The subcommands, in the order help lists them (see {@link #subcommand}). */
    static final List<String> SUBCOMMANDS = List.of(
            "list",
            "status",
            "run",
            "release",
            "clean",
            "stop",
            "doctor",
            "server-init",
            "doctor-probe",
            "generate-completion");

    /** The environment variable that names the lock directory when {@code --dir} is not given. */
    static final String DIR_VARIABLE = "LOCKCTL_DIR";

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "The lock directory (default: $" + DIR_VARIABLE + ", else ./locks).")
    private Path dir;

    @Option(
            names = "--server",
            paramLabel = "URL",
            scope = ScopeType.INHERIT,
            description = "A lock server shared by several computers (default: $" + SERVER_VARIABLE
                    + "; none: this computer only), e.g. postgresql://user@host/db. The password may come from"
                    + " $PGPASSWORD or ~/.pgpass.")
    private String server;

    @Option(
            names = "--verbose",
            scope = ScopeType.INHERIT,
            description = "Show the stack trace of an unexpected error.")
    private boolean verbose;

    /** The environment variable that names the lock server when {@code --server} is not given. */
    static final String SERVER_VARIABLE = "LOCKCTL_SERVER";

    @Spec
    private CommandSpec spec;

    private final Map<String, String> environment;

    Lockctl(Map<String, String> environment) {
        this.environment = environment;
    }

    public static void main(String... args) {
        LoggingDefaults.install();
        Map<String, String> environment = System.getenv();
        int code;
        try {
            OptionalInt quick = QuickCommands.run(args, environment);
            code = quick.isPresent()
                    ? quick.getAsInt()
                    : commandLine(environment, onlyNeeded(args)).execute(args);
        } catch (Error e) {
            // A broken installation (a class missing from the jar, say): one line, not a stack trace.
            System.err.println("lockctl: internal error: " + e + "; rebuild lockctl (./mvnw -q package -DskipTests)");
            code = ExitCodes.FAILED;
        }
        System.exit(code);
    }

    /** The configured command line with every subcommand: converters, error handlers and exit codes. */
    static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, SUBCOMMANDS);
    }

    /**
     * The command line with only the given subcommands: picocli reads every command's annotations when
     * it is added, which costs a command-line tool more than running one command does.
     */
    static CommandLine commandLine(Map<String, String> environment, List<String> subcommands) {
        Lockctl lockctl = new Lockctl(environment);
        CommandLine commandLine = new CommandLine(lockctl);
        for (String name : subcommands) {
            commandLine.addSubcommand(name, subcommand(name));
        }
        commandLine.registerConverter(AccountId.class, new Converters.Account());
        commandLine.setParameterExceptionHandler(new ErrorHandlers.BadInput());
        commandLine.setExecutionExceptionHandler(new ErrorHandlers.Failure(() -> lockctl.verbose));
        return commandLine;
    }

    /**
     * The subcommands that these arguments can use: the one they name, or all of them when they name
     * none (help, a version request, an unknown command) or ask for completion, which lists them all.
     */
    static List<String> onlyNeeded(String[] args) {
        for (String arg : args) {
            if (arg.startsWith("@")) {
                return SUBCOMMANDS; // picocli reads more arguments from that file
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--dir") || arg.equals("--server")) {
                i++;
            } else if (!arg.startsWith("--dir=") && !arg.startsWith("--server=") && !arg.equals("--verbose")) {
                return SUBCOMMANDS.contains(arg) && !arg.equals("generate-completion") ? List.of(arg) : SUBCOMMANDS;
            }
        }
        return SUBCOMMANDS;
    }

    private static Object subcommand(String name) {
        return switch (name) {
            case "list" -> new ListCommand();
            case "status" -> new StatusCommand();
            case "run" -> new RunCommand();
            case "release" -> new ReleaseCommand();
            case "clean" -> new CleanCommand();
            case "stop" -> new StopCommand();
            case "doctor" -> new DoctorCommand();
            case "server-init" -> new ServerInitCommand();
            case "doctor-probe" -> new DoctorProbeCommand();
            case "generate-completion" -> new AutoComplete.GenerateCompletion();
            default -> throw new IllegalArgumentException("no subcommand " + name);
        };
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "a command is missing: use one of list, status, run, release, clean, stop, doctor, server-init");
    }

    /** The lock directory: {@code --dir}, else {@code $LOCKCTL_DIR}, else {@code ./locks}. */
    Path lockDirectory() {
        return lockDirectory(dir, environment);
    }

    /** The lock directory given by a {@code --dir} option (null when absent) and the environment. */
    static Path lockDirectory(Path option, Map<String, String> environment) {
        if (option != null) {
            return option.toAbsolutePath().normalize();
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
        return openLocks(lockDirectory(), serverUrl());
    }

    /** The lock server: {@code --server}, else {@code $LOCKCTL_SERVER}, else none (null). */
    String serverUrl() {
        return serverUrl(server, environment);
    }

    /** The lock server given by a {@code --server} option (null when absent) and the environment. */
    static String serverUrl(String option, Map<String, String> environment) {
        String chosen = option != null ? option : environment.get(SERVER_VARIABLE);
        return chosen == null || chosen.isBlank() ? null : chosen.trim();
    }

    /**
     * Opens a lock directory as {@link #openLocks()} does, with a lock server when {@code serverUrl} is
     * not null.
     */
    static AccountLocks openLocks(Path directory, String serverUrl) {
        Path parent = directory.getParent();
        if (!Files.isDirectory(directory) && parent != null && !Files.isDirectory(parent)) {
            String problem = Files.exists(parent) ? " is not a directory" : " does not exist";
            throw new LockException("lock directory " + directory + " cannot be created: its parent " + parent
                    + problem + ". Create that directory, or choose another lock directory with --dir or $"
                    + DIR_VARIABLE);
        }
        return serverUrl == null
                ? AccountLocks.open(directory.toString(), new LocalClock())
                : AccountLocks.open(directory, serverUrl, new LocalClock());
    }
}
