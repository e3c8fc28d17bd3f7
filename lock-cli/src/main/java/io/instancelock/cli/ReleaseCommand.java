package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.Removal;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code lockctl release ACCOUNT}: removes a lock whose holder is gone; never a live holder's. */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Remove an account's stale lock.",
        description = "Remove an account's stale lock. A live holder is refused (exit 75) and shown. "
                + "--force also removes a lock that cannot be judged from here (state unknown, e.g. the older "
                + "launcher's from another host); it never removes a lock whose OS lock is held.")
final class ReleaseCommand implements Callable<Integer> {

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ACCOUNT", description = "The account id, e.g. 123456.")
    private AccountId account;

    @Option(names = "--force", description = "Also remove a lock in state unknown (be sure its holder is gone).")
    private boolean force;

    @Override
    public Integer call() {
        Removal removal;
        try (AccountLocks locks = lockctl.openLocks()) {
            removal = locks.remove(account, force);
        }
        LockStatus found = removal.status();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (removal.removed()) {
            out.println("removed the " + found.state().label() + " lock of account " + account + ": " + found.reason());
            found.holderRecord().ifPresent(holder -> out.println("  it named: " + holder.describe()));
            out.println("  file: " + found.location());
            out.flush();
            return ExitCodes.OK;
        }
        if (found.state() == LockState.FREE) {
            out.println("account " + account + " is not locked; nothing to release");
            out.flush();
            return ExitCodes.OK;
        }
        if (found.state() == LockState.UNKNOWN) {
            err.println("lockctl: not released: " + StatusView.line(found));
            err.println("If you are sure its holder is gone, remove it with: lockctl release --force " + account);
        } else {
            err.println("lockctl: not released, the account is in use: " + StatusView.line(found));
            err.println("Stop its holder first, e.g. with: lockctl stop " + account);
        }
        err.flush();
        return ExitCodes.HELD;
    }
}
