package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LocalHost;
import io.instancelock.core.LocalProcesses;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.Removal;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code lockctl stop ACCOUNT}: asks the process holding an account to terminate.
 *
 * <ol>
 *   <li>for a holder on another host, record a stop request on the lock server (with {@code --server})
 *       and wait for the release; without a server, refuse. Refuse too when none of the processes the
 *       lock names runs here;
 *   <li>ask the holder to terminate (SIGTERM); a {@code lockctl run} holder passes it on to its
 *       command's whole process group and releases the lock once all of it has exited. If the holder is
 *       gone while its bot still runs, ask the bot's group directly;
 *   <li>wait until the account is no longer held by them; after {@code --timeout}, with {@code --kill},
 *       kill the bot's group, then the holder, and wait a little more;
 *   <li>remove the stale lock file a killed holder leaves behind.
 * </ol>
 */
@Command(
        name = "stop",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        header = "Ask an account's holder to stop; wait for the release.",
        description = "Ask the process holding an account to terminate, and wait until the account is released. "
                + "With --kill, force it after the timeout. A holder on another host is asked through the lock "
                + "server (--server), and sees the request at its next heartbeat.")
final class StopCommand implements Callable<Integer> {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final Duration AFTER_KILL = Duration.ofSeconds(5);

    @ParentCommand
    private Lockctl lockctl;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "ACCOUNT", description = "The account id, e.g. 123456.")
    private AccountId account;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            converter = Converters.Time.class,
            defaultValue = "10s",
            description = "How long to wait for a graceful stop (default: ${DEFAULT-VALUE}).")
    private Duration timeout;

    @Option(
            names = "--kill",
            description = "Kill the holder and its command if they are still running after the timeout.")
    private boolean kill;

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        try (AccountLocks locks = lockctl.openLocks()) {
            return stop(locks);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private int stop(AccountLocks locks) {
        LockStatus status = locks.inspect(account);
        if (!status.state().blocksAcquirers()) {
            out.println("account " + account + " is not held; nothing to stop");
            return cleanUp(locks);
        }
        LockRecord holder = status.holder();
        if (holder == null) {
            return refuse("account " + account + " is held but its holder's record cannot be read yet: "
                    + status.reason() + ". Try again in a moment");
        }
        if (!LocalHost.isThisComputer(holder.hostname())) {
            return stopElsewhere(locks, status);
        }
        Optional<ProcessHandle> process = LocalProcesses.holder(holder);
        Optional<BotProcess> bot = holder.botProcess().filter(LocalProcesses::botRuns);
        if (process.isEmpty() && bot.isEmpty()) {
            return refuse("none of the processes named by the lock runs on this computer: " + StatusView.line(status)
                    + ". If its holder is surely gone: lockctl release --force " + account);
        }
        // The holder first: a lockctl run or a launcher passes the signal on to its bot's whole group and
        // releases once that has ended. A bot left by a holder that is gone is asked directly.
        boolean asked = process.isPresent() ? terminate(process.get()) : terminate(bot.get());
        if (!asked) {
            return ExitCodes.HELD;
        }
        if (awaitRelease(locks, holder, timeout, true)) {
            return cleanUp(locks);
        }
        if (!kill) {
            return refuse("account " + account + " is still held after " + Converters.format(timeout) + ": "
                    + StatusView.line(locks.inspect(account)) + ". Force it with: lockctl stop --kill " + account);
        }
        holder.botProcess().filter(LocalProcesses::botRuns).ifPresent(running -> {
            LocalProcesses.signalBot(running, LocalProcesses.Signal.KILL);
            out.println(
                    "killed bot pid " + running.pid() + (running.hasGroup() ? " and the processes it started" : ""));
        });
        LocalProcesses.holder(holder).ifPresent(running -> {
            LocalProcesses.signal(running, LocalProcesses.Signal.KILL);
            out.println("killed " + describe("holder", running));
        });
        if (awaitRelease(locks, holder, AFTER_KILL, true)) {
            return cleanUp(locks);
        }
        return refuse("account " + account + " is still held after killing its holder: "
                + StatusView.line(locks.inspect(account)));
    }

    /**
     * A holder on another computer is asked through the lock server: it sees the request at its next
     * heartbeat and stops its bot as on SIGTERM, then releases.
     */
    private int stopElsewhere(AccountLocks locks, LockStatus status) {
        LockRecord holder = status.holder();
        String where = "host " + holder.displayHost() + " (pid " + holder.pid() + ")";
        if (lockctl.serverUrl() == null) {
            return refuse("account " + account + " is held on host " + holder.displayHost() + ", not on this computer ("
                    + LocalHost.name()
                    + "): stop it there, or give the lock server (--server URL) to ask it from here. "
                    + StatusView.line(status));
        }
        if (!locks.requestStop(account)) {
            return cleanUp(locks);
        }
        out.println("asked the holder on " + where + " through the lock server to stop");
        out.flush();
        if (awaitRelease(locks, holder, timeout, false)) {
            return cleanUp(locks);
        }
        return refuse("account " + account + " is still held after " + Converters.format(timeout) + ": "
                + StatusView.line(locks.inspect(account)) + ". The holder sees the request within a few seconds"
                + " if it can reach the server; " + (kill ? "--kill cannot reach another computer; " : "")
                + "if " + holder.displayHost() + " is down or cut off, the server frees the account about"
                + " 25 seconds after it went quiet");
    }

    private boolean terminate(ProcessHandle process) {
        if (!LocalProcesses.signal(process, LocalProcesses.Signal.TERM) && process.isAlive()) {
            refuse("cannot ask " + describe("holder", process) + " to terminate: this user may not signal it");
            return false;
        }
        out.println("asked " + describe("holder", process) + " to terminate");
        out.flush();
        return true;
    }

    private boolean terminate(BotProcess bot) {
        if (!LocalProcesses.signalBot(bot, LocalProcesses.Signal.TERM) && LocalProcesses.botRuns(bot)) {
            refuse("cannot ask bot pid " + bot.pid() + " to terminate: this user may not signal it");
            return false;
        }
        out.println("asked bot pid " + bot.pid() + (bot.hasGroup() ? " and the processes it started" : "")
                + " to terminate (its holder is gone)");
        out.flush();
        return true;
    }

    private static String describe(String role, ProcessHandle process) {
        return role + " pid " + process.pid()
                + process.info().command().map(c -> " (" + c + ")").orElse("");
    }

    /**
     * Waits until the account is no longer held by {@code holder}'s processes (it may be held by a
     * newcomer then). A bot left running by a holder that has exited meanwhile is asked to terminate too.
     */
    private boolean awaitRelease(AccountLocks locks, LockRecord holder, Duration limit, boolean local) {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean botAsked = false;
        while (true) {
            LockStatus now = locks.inspect(account);
            if (!now.state().blocksAcquirers() || !sameHolder(now.holder(), holder)) {
                return true;
            }
            Optional<BotProcess> orphan =
                    local ? now.holder().botProcess().filter(LocalProcesses::botRuns) : Optional.empty();
            if (local
                    && !botAsked
                    && orphan.isPresent()
                    && LocalProcesses.holder(holder).isEmpty()) {
                botAsked = true;
                if (!terminate(orphan.get())) {
                    return false;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    private static boolean sameHolder(LockRecord found, LockRecord holder) {
        return found != null
                && found.pid() == holder.pid()
                && found.createdAt().equals(holder.createdAt())
                && java.util.Objects.equals(found.hostname(), holder.hostname());
    }

    /** Removes the stale lock file a killed holder leaves, then says who has the account now. */
    private int cleanUp(AccountLocks locks) {
        LockStatus now = locks.inspect(account);
        if (now.state() == LockState.STALE) {
            Removal removal = locks.remove(account, false);
            if (removal.removed()) {
                out.println("removed the stale lock file " + now.location() + " (" + now.reason() + ")");
            }
            now = locks.inspect(account);
        }
        out.println(
                now.state() == LockState.FREE
                        ? "account " + account + " is free"
                        : "account " + account + " is now " + StatusView.line(now));
        return ExitCodes.OK;
    }

    private int refuse(String message) {
        err.println("lockctl: " + message);
        return ExitCodes.HELD;
    }
}
