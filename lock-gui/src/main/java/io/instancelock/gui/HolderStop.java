package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LocalHost;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Stops the holder of an account on this computer the way {@code lockctl stop} does (without
 * {@code --kill}). Blocks; call it off the event thread.
 *
 * <ol>
 *   <li>refuse a holder on another host, or one whose processes no longer run here;
 *   <li>ask the holder to terminate (SIGTERM): a launcher or {@code lockctl run} stops its bot and
 *       releases the lock once the bot has exited. A bot whose holder is gone is asked directly;
 *   <li>wait until the account is no longer held by them, up to the timeout;
 *   <li>remove the stale lock file a killed holder leaves behind.
 * </ol>
 */
final class HolderStop {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final AccountLocks locks;
    private final LocalProcesses processes;
    private final Duration timeout;

    /** What came of it, in words for the status line or an error dialog. */
    record Outcome(boolean released, String message) {}

    HolderStop(AccountLocks locks, LocalProcesses processes, Duration timeout) {
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
            return new Outcome(
                    false,
                    "Account " + account + " is held on host " + holder.displayHost()
                            + ", not on this computer: stop it there.");
        }
        List<Long> pids = running(holder);
        if (pids.isEmpty()) {
            return new Outcome(
                    false,
                    "None of the processes the lock of account " + account + " names runs on this computer ("
                            + holder.describe() + "). If its holder is surely gone: lockctl release --force "
                            + account);
        }
        Set<Long> asked = new HashSet<>();
        String refused = terminate(pids.get(0), asked);
        if (refused != null) {
            return new Outcome(false, refused);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            LockStatus now = locks.inspect(account);
            if (!now.state().blocksAcquirers() || !sameHolder(now.holder(), holder)) {
                return cleanUp(account, "Asked pid " + pids.get(0) + " to terminate");
            }
            // A holder that exits while its bot keeps running leaves the bot to be asked directly.
            for (long pid : running(holder)) {
                if (!asked.contains(pid) && (refused = terminate(pid, asked)) != null) {
                    return new Outcome(false, refused);
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

    /** The holder (while it runs), then its bot (while it runs); reused pids do not count. */
    private List<Long> running(LockRecord holder) {
        List<Long> found = new ArrayList<>();
        if (processes.isRunning(holder.pid(), holder.processStartedAt())) {
            found.add(holder.pid());
        }
        if (holder.bot() != null
                && holder.bot().pid() != holder.pid()
                && processes.isRunning(holder.bot().pid(), holder.bot().startedAt())) {
            found.add(holder.bot().pid());
        }
        return found;
    }

    private String terminate(long pid, Set<Long> asked) {
        asked.add(pid);
        return processes.terminate(pid)
                ? null
                : "Cannot ask pid " + pid + " to terminate: this user may not signal it.";
    }

    private static boolean sameHolder(LockRecord found, LockRecord holder) {
        return found != null && found.pid() == holder.pid() && found.createdAt().equals(holder.createdAt());
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
