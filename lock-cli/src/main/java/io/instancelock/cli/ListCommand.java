package io.instancelock.cli;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockStatus;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lockctl list}: every lock file in the directory with its state. */
@Command(
        name = "list",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "List every lock with its state, holder and reason.",
        description = "List every lock in the lock directory: account, state (held, stale or unknown), pid, host, "
                + "broker user, start time and the reason for the state. Unreadable files are listed too.")
final class ListCommand implements Callable<Integer> {

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print a JSON array of objects instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        return report(
                lockctl.openLocks(),
                lockctl.lockDirectory(),
                json,
                spec.commandLine().getOut());
    }

    /** Prints every lock of the directory and returns the exit code; closes {@code locks} first. */
    static int report(AccountLocks opened, Path directory, boolean json, PrintWriter out) {
        List<LockStatus> statuses;
        try (AccountLocks locks = opened) {
            statuses = locks.list();
        }
        if (json) {
            StatusView.jsonArray(statuses, out);
        } else if (statuses.isEmpty()) {
            out.println("no locks in " + directory);
        } else {
            StatusView.table(statuses, out);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
