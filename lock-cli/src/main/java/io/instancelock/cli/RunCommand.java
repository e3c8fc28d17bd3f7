package io.instancelock.cli;

import io.instancelock.core.AccountId;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lockctl run ACCOUNT -- COMMAND}: holds an account's lock while a command runs, like flock(1).
 *
 * <ol>
 *   <li>take the account (waiting up to {@code --wait}); refused: print the standard message, exit 75;
 *   <li>run COMMAND with inherited stdio as a {@link BotSession}: in a process group of its own,
 *       recorded in the lock before it runs (so the account stays held while it or anything it started
 *       runs, even if lockctl itself is killed), stopped if the lock is lost (exit 76);
 *   <li>wait for COMMAND and what it started to exit (signals to lockctl are passed on to the group),
 *       then release the lock and exit with COMMAND's code.
 * </ol>
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Hold an account's lock while COMMAND runs.",
        description = "Hold an account's lock while COMMAND runs, then release it. If the account is held, "
                + "print the standard refusal message and exit 75 (after waiting up to --wait). Otherwise exit "
                + "with COMMAND's code (127 when it cannot be started; 76 when the lock was lost and COMMAND was "
                + "stopped). COMMAND gets LOCKCTL_ACCOUNT and LOCKCTL_LOCK_FILE; SIGINT and SIGTERM to lockctl "
                + "are passed on to it and to what it started.")
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--wait",
            paramLabel = "DURATION",
            converter = Converters.Wait.class,
            description =
                    "Wait this long for the account to be free: 500ms, 10s, 2m, 1h or forever (default: do not wait).")
    private Converters.WaitTime wait;

    @Option(names = "--broker", paramLabel = "USER", description = "The broker user recorded in the lock.")
    private String broker;

    @Option(
            names = "--name",
            paramLabel = "DISPLAY_NAME",
            description = "The account's name in the refusal message (default: the account id).")
    private String name;

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "The account id, e.g. 123456.")
    private AccountId account;

    @Parameters(
            index = "1..*",
            arity = "1..*",
            paramLabel = "COMMAND",
            description = "The command and its arguments, after --.")
    private List<String> command;

    @Override
    public Integer call() {
        return new Run(account, wait, broker, name, command, spec.commandLine().getErr()).execute(lockctl::openLocks);
    }
}
