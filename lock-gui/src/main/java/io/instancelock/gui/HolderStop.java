package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LocalHost;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops the holder of an account on this computer the way {@code lockctl stop} does (without
 * {@code --kill}). Blocks; call it off the event thread.
 *
 * <ol>
 *   <li>ask a holder on another host through the lock server, where there is one, else refuse; refuse
 *       a holder whose processes no longer run here;
 *   <li>ask the holder to terminate (SIGTERM): a launcher or {@code lockctl run} stops its bot and
 *       releases the lock once the bot has exited. A bot whose holder is gone is asked directly;
 *   <li>wait until the account is no longer held by them, up to the timeout;
 *   <li>remove the stale lock file a killed holder leaves behind.
 * </ol>
 */
final class HolderStop {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AccountLocks locks;
    private final HolderProcesses processes;
    private final Duration timeout;

    /** What came of it, in words for the status line or an error dialog. */
    record Outcome(boolean released, String message) {}

    HolderStop(AccountLocks locks, HolderProcesses processes, Duration timeout) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.processes = Objects.requireNonNull(processes, "processes");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Stops whoever holds {@code account} now, if it is on this computer, and waits for the release. */
    Outcome stop(AccountId account) {
        LockStatus status = locks.inspect(account);
        if (!status.state().blocksAcquirers()) {
            return cleanUp(account, "Account " + account + " was not held");
        }
        LockRecord holder = status.holder();
        if (holder == null) {
            return new Outcome(
                    false,
                    "Account " + account + " is held but its holder's record cannot be read yet (" + status.reason()
                            + "). Try again in a moment.");
        }
        if (!LocalHost.isThisComputer(holder.hostname())) {
            return stopElsewhere(account, holder);
        }
        boolean holderRuns = processes.holderRuns(holder);
        Optional<BotProcess> bot = holder.botProcess().filter(processes::botRuns);
        if (!holderRuns && bot.isEmpty()) {
            return new Outcome(
                    false,
                    "None of the processes the lock of account " + account + " names runs on this computer ("
                            + holder.describe() + "). If its holder is surely gone: lockctl release --force "
                            + account);
        }
        // The holder first: a launcher or lockctl run stops its bot and releases once that has ended.
        // A bot whose holder is gone is asked directly.
        String asked;
        if (holderRuns) {
            if (!processes.terminateHolder(holder)) {
                return cannotSignal(holder.pid());
            }
            asked = "Asked pid " + holder.pid() + " to terminate";
        } else {
            if (!processes.terminateBot(bot.get())) {
                return cannotSignal(bot.get().pid());
            }
            asked = "Asked the orphaned bot pid " + bot.get().pid() + " to terminate";
        }
        boolean botAsked = !holderRuns;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            LockStatus now = locks.inspect(account);
            // Held with no record to read is the holder between its last write and its release: wait on.
            boolean released =
                    !now.state().blocksAcquirers() || (now.holder() != null && !sameHolder(now.holder(), holder));
            if (released) {
                return cleanUp(account, asked);
            }
            Optional<BotProcess> orphan = holder.botProcess().filter(processes::botRuns);
            if (!botAsked && orphan.isPresent() && !processes.holderRuns(holder)) {
                // The holder exited but left its bot running: ask the bot too.
                botAsked = true;
                if (!processes.terminateBot(orphan.get())) {
                    return cannotSignal(orphan.get().pid());
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                return new Outcome(false, "Stopped waiting for account " + account + " to be released.");
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Outcome(
                        false,
                        "Account " + account + " is still held after " + Ages.of(timeout) + " (" + now.reason()
                                + "). Force it from a terminal: lockctl stop --kill " + account);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** A holder on another computer is asked through the lock server, where there is one. */
    private Outcome stopElsewhere(AccountId account, LockRecord holder) {
        if (!locks.requestStop(account)) {
            return new Outcome(
                    false,
                    "Account " + account + " is held on host " + holder.displayHost()
                            + ", not on this computer: stop it there.");
        }
        String asked = "Asked the holder on host " + holder.displayHost() + " through the lock server to stop";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            LockStatus now = locks.inspect(account);
            if (!now.state().blocksAcquirers() || (now.holder() != null && !sameHolder(now.holder(), holder))) {
                return cleanUp(account, asked);
            }
            if (Thread.currentThread().isInterrupted()) {
                return new Outcome(false, "Stopped waiting for account " + account + " to be released.");
            }
            if (System.nanoTime() - deadline >= 0) {
                return new Outcome(
                        false,
                        "Account " + account + " is still held on host " + holder.displayHost() + " after "
                                + Ages.of(timeout) + ". If that computer is down or cut off, the lock server frees the"
                                + " account about 25 seconds after it went quiet.");
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static Outcome cannotSignal(long pid) {
        return new Outcome(false, "Cannot ask pid " + pid + " to terminate: this user may not signal it.");
    }

    private static boolean sameHolder(LockRecord found, LockRecord holder) {
        return found != null
                && found.pid() == holder.pid()
                && found.createdAt().equals(holder.createdAt())
                && Objects.equals(found.hostname(), holder.hostname());
    }

    private Outcome cleanUp(AccountId account, String done) {
        LockStatus now = locks.inspect(account);
        if (now.state() == LockState.STALE) {
            locks.remove(account, false);
            now = locks.inspect(account);
        }
        return now.state().blocksAcquirers()
                ? new Outcome(false, done + ", but account " + account + " is held again: " + now.reason() + ".")
                : new Outcome(true, done + "; account " + account + " is free.");
    }
}
