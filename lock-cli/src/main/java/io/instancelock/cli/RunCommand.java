package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockHandle;
import java.io.IOException;
import java.io.PrintWriter;
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
 *   <li>start COMMAND with inherited stdio and record it as the lock's bot process, so that the account
 *       stays held while COMMAND runs even if lockctl itself is killed;
 *   <li>wait for COMMAND to exit (signals to lockctl are passed on to it), then release the lock.
 * </ol>
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Hold an account's lock while COMMAND runs, then release it. If the account is held,",
            "print the standard refusal message and exit 75 (after waiting up to --wait). Otherwise exit",
            "with COMMAND's code (127 when it cannot be started). COMMAND gets LOCKCTL_ACCOUNT and",
            "LOCKCTL_LOCK_FILE; SIGINT and SIGTERM to lockctl are passed on to it."
        })
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
    public Integer call() throws IOException {
        try (AccountLocks locks = lockctl.openLocks();
                SignalRelay signals = SignalRelay.install(Thread.currentThread(), wait != null)) {
            Acquisition attempt;
            try {
                attempt = take(locks);
            } catch (InterruptedException e) {
                return ExitCodes.signalled(signals.cancelledBy());
            }
            // A signal that came just after the wait ended must not interrupt the file I/O of the
            // release; it has cancelled the run all the same (start() sees it).
            Thread.interrupted();
            if (attempt instanceof Acquisition.Refused refused) {
                PrintWriter err = spec.commandLine().getErr();
                err.println(refused.message(name != null ? name : account.value()));
                err.flush();
                return ExitCodes.HELD;
            }
            try (LockHandle lock = ((Acquisition.Acquired) attempt).handle()) {
                return runHolding(lock, signals);
            }
        }
    }

    private Acquisition take(AccountLocks locks) throws InterruptedException {
        if (wait == null) {
            return locks.tryAcquire(account, broker);
        }
        if (wait.forever()) {
            return new Acquisition.Acquired(locks.acquire(account, broker));
        }
        return locks.tryAcquire(account, broker, wait.limit());
    }

    private int runHolding(LockHandle lock, SignalRelay signals) {
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("LOCKCTL_ACCOUNT", account.value());
        builder.environment().put("LOCKCTL_LOCK_FILE", lock.location());
        Process process;
        try {
            process = signals.start(builder::start);
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("lockctl: cannot start " + command.get(0) + ": " + e.getMessage());
            err.flush();
            return ExitCodes.CANNOT_START;
        }
        if (process == null) {
            return ExitCodes.signalled(signals.cancelledBy());
        }
        try {
            lock.recordBot(BotProcess.of(process.toHandle()));
        } catch (RuntimeException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("lockctl: warning: cannot record pid " + process.pid() + " in the lock (" + e.getMessage()
                    + "); the account stays held only while lockctl runs");
            err.flush();
        }
        return waitUninterruptibly(process);
    }

    /** The lock is released only after the command has exited, so interrupts do not end this wait. */
    private static int waitUninterruptibly(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
