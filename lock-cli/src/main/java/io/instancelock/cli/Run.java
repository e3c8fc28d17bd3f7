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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * What {@code lockctl run} does once its arguments are read, by picocli ({@link RunCommand}) or by the
 * fast path for plain arguments ({@link QuickCommands}): take the account, run COMMAND under it as a
 * {@link BotSession}, and turn how it ended into an exit code.
 *
 * @param waitTime how long to wait for the account, or {@code null} not to wait
 * @param broker the broker user recorded in the lock, or {@code null}
 * @param name the account's name in the refusal message, or {@code null} for its id
 * @param err where lockctl's own messages go
 */
record Run(
        AccountId account,
        Converters.WaitTime waitTime,
        String broker,
        String name,
        List<String> command,
        PrintWriter err) {

    /** How long after COMMAND's exit lockctl waits quietly for what COMMAND started before saying so. */
    private static final Duration LEFTOVER_NOTE_DELAY = Duration.ofMillis(500);

    /** Runs it and returns lockctl's exit code; a lock problem is thrown for the caller to report. */
    int execute(Supplier<AccountLocks> open) {
        LocalClock.lookUpZoneSoon();
        try (AccountLocks locks = open.get();
                SignalRelay signals = SignalRelay.install(Thread.currentThread(), waitTime != null)) {
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
        if (waitTime == null) {
            return locks.tryAcquire(account, broker);
        }
        if (waitTime.forever()) {
            return new Acquisition.Acquired(locks.acquire(account, broker));
        }
        return locks.tryAcquire(account, broker, waitTime.limit());
    }

    /** Runs COMMAND under the lock through the shared bot lifecycle, and turns how it ended into an exit code. */
    private int runHolding(LockHandle lock, SignalRelay signals) {
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
        if (exit.stopRequested()
                && lock.whenStopRequested().toCompletableFuture().isDone()) {
            err.println("lockctl: asked through the lock server to stop (lockctl stop on another computer); "
                    + command.get(0) + " was stopped and account " + account + " released");
            err.flush();
        }
        return exit.exitCode();
    }

    /** Says why lockctl keeps running after COMMAND itself has exited: what it started still runs. */
    private void noteLeftovers(BotSession session, int code) {
        try {
            session.exit().get(LEFTOVER_NOTE_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
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
