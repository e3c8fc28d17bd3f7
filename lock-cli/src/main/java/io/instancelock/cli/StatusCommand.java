package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockStatus;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lockctl status ACCOUNT}: whether one account can be taken now. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Exit 0 if an account is free, 75 if it is held.",
        description = "Show whether an account is free. Exits 0 when it can be taken (free, or a stale lock "
                + "the next bot takes over) and 75 when it is held, printing the holder.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ACCOUNT", description = "The account id, e.g. 123456.")
    private AccountId account;

    @Option(names = "--json", description = "Print one JSON object instead of a sentence.")
    private boolean json;

    @Override
    public Integer call() {
        return report(lockctl.openLocks(), account, json, spec.commandLine().getOut());
    }

    /** Prints the account's state and returns the exit code; closes {@code locks} first. */
    static int report(AccountLocks opened, AccountId account, boolean json, PrintWriter out) {
        LockStatus status;
        try (AccountLocks locks = opened) {
            status = locks.inspect(account);
        }
        if (json) {
            StatusView.jsonObject(status, out);
        } else {
            out.println(StatusView.line(status));
        }
        out.flush();
        return status.state().blocksAcquirers() ? ExitCodes.HELD : ExitCodes.OK;
    }
}
