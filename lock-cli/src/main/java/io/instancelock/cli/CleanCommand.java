package io.instancelock.cli;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lockctl clean}: removes every stale lock. */
@Command(
        name = "clean",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Remove every stale lock, printing why it was stale.",
        description = "Remove every stale lock, printing each with the reason it was stale.")
final class CleanCommand implements Callable<Integer> {

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dry-run", description = "Only show what would be removed.")
    private boolean dryRun;

    @Override
    public Integer call() {
        List<LockStatus> stale;
        try (AccountLocks locks = lockctl.openLocks()) {
            stale = dryRun
                    ? locks.list().stream()
                            .filter(status -> status.state() == LockState.STALE)
                            .toList()
                    : locks.removeStale();
        }
        PrintWriter out = spec.commandLine().getOut();
        String verb = dryRun ? "would remove " : "removed ";
        for (LockStatus status : stale) {
            out.println(verb + status.account() + ": " + status.reason());
        }
        out.println(
                (dryRun ? stale.size() + " stale lock(s) would be removed" : stale.size() + " stale lock(s) removed")
                        + " from " + lockctl.lockDirectory());
        out.flush();
        return ExitCodes.OK;
    }
}
