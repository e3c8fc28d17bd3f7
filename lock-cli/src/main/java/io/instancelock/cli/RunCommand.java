package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotSession;
import io.instancelock.core.LockHandle;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
        description = {
            "Hold an account's lock while COMMAND runs, then release it. If the account is held,",
            "print the standard refusal message and exit 75 (after waiting up to --wait). Otherwise exit",
            "with COMMAND's code (127 when it cannot be started; 76 when the lock was lost and COMMAND was",
            "stopped). COMMAND gets LOCKCTL_ACCOUNT and LOCKCTL_LOCK_FILE; SIGINT and SIGTERM to lockctl",
            "are passed on to it and to what it started."
        })
final class RunCommand implements Callable<Integer> {

    /** How long after COMMAND's exit lockctl waits quietly for what COMMAND started before saying so. */
    private static final Duration LEFTOVER_NOTE_DELAY = Duration.ofMillis(500);

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
        try (AccountLocks locks = lockctl.openLocks();
                SignalRelay signals = SignalRelay.install(Thread.currentThread(), wait != null)) {
            Acquisition attempt;
            try {
                attempt = take(locks);
            } catch (InterruptedException e) {
                return ExitCodes.signalled(signals.cancelledBy());
            }
            // A signal that came just after the wait ended has cancelled the run all the same (start()
            // sees it); the flag must not linger.
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

    /** Runs COMMAND under the lock through the shared bot lifecycle, and turns how it ended into an exit code. */
    private int runHolding(LockHandle lock, SignalRelay signals) {
        PrintWriter err = spec.commandLine().getErr();
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().put("LOCKCTL_ACCOUNT", account.value());
        builder.environment().put("LOCKCTL_LOCK_FILE", lock.location());
        lock.fencingToken()
                .ifPresent(token -> builder.environment().put("LOCKCTL_FENCING_TOKEN", Long.toString(token)));
        BotSession session;
        try {
            session = signals.start(() -> BotSession.start(lock, builder, BotSession.DEFAULT_STOP_GRACE));
        } catch (IOException e) {
            err.println("lockctl: cannot start " + command.get(0) + ": " + e.getMessage());
            err.flush();
            return ExitCodes.CANNOT_START;
        }
        if (session == null) {
            return ExitCodes.signalled(signals.cancelledBy());
        }
        session.leaderExit().thenAccept(code -> noteLeftovers(session, code));
        BotSession.BotExit exit = awaitUninterruptibly(session);
        if (exit.loss().isPresent()) {
            err.println("lockctl: " + exit.loss().get().describe() + "; " + command.get(0) + " was stopped");
            err.flush();
            return ExitCodes.LOST;
        }
        return exit.exitCode();
    }

    /** Says why lockctl keeps running after COMMAND itself has exited: what it started still runs. */
    private void noteLeftovers(BotSession session, int code) {
        try {
            session.exit().get(LEFTOVER_NOTE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("lockctl: " + command.get(0) + " exited with code " + code
                    + ", but processes it started still run; account " + account
                    + " stays held until they have exited (lockctl stop " + account + " ends them)");
            err.flush();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            // The session ended; nothing to say.
        }
    }

    /** The lock is released only after the command has exited, so interrupts do not end this wait. */
    private static BotSession.BotExit awaitUninterruptibly(BotSession session) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return session.exit().get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("the bot session failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
