package io.instancelock.gui;

import io.instancelock.core.LocalHost;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import io.instancelock.core.RecordOrigin;
import java.util.Locale;

/**
 * Where the bot behind one lock runs, in the lock table's words, and what may be done about it.
 * Judging asks the OS about processes, so it is done off the event thread, once per read of the locks.
 *
 * @param status the lock as read
 * @param place where its bot runs
 * @param label the badge text, e.g. {@code orphaned bot pid 4242}
 * @param explanation the full reason, for the tooltip and the dialogs
 * @param canStop whether Stop applies: a live holder (or orphaned bot) on this computer, or one on
 *     another computer when a lock server can carry the request
 * @param canClean whether Clean applies: a stale lock
 * @param target the process Stop signals first: the holder, or the bot of a holder that is gone; 0 for none
 */
public record Whereabouts(
        LockStatus status,
        Place place,
        String label,
        String explanation,
        boolean canStop,
        boolean canClean,
        long target) {

    /** Judges one lock; {@code selfPid} is this launcher's process. */
    public static Whereabouts of(LockStatus status, long selfPid, HolderProcesses processes) {
        return of(status, selfPid, processes, false);
    }

    /**
     * Judges one lock; with {@code lockServer}, a holder on another computer can be asked to stop
     * through the server.
     */
    public static Whereabouts of(LockStatus status, long selfPid, HolderProcesses processes, boolean lockServer) {
        LockRecord holder = status.holder();
        if (!status.state().blocksAcquirers()) {
            String label = status.state() == LockState.STALE ? "stale" : "left-over file";
            return new Whereabouts(
                    status,
                    Place.STALE,
                    label,
                    sentence(status.reason()) + " Its holder is gone: the next bot takes the account over, "
                            + "and Clean removes the file." + holderLine(holder),
                    false,
                    true,
                    0);
        }
        if (holder == null) {
            return new Whereabouts(
                    status, Place.UNREADABLE, "held, no record", sentence(status.reason()), false, false, 0);
        }
        boolean local = LocalHost.isThisComputer(holder.hostname());
        if (holder.pid() == selfPid && local) {
            return new Whereabouts(
                    status,
                    Place.THIS_WINDOW,
                    "this window",
                    "This window holds the account" + botText(holder) + "." + holderLine(holder),
                    true,
                    false,
                    holder.pid());
        }
        if (holder.origin() == RecordOrigin.OLDER_LAUNCHER) {
            return new Whereabouts(
                    status,
                    Place.OLDER_LAUNCHER,
                    local ? "older launcher" : "older launcher on " + holder.displayHost(),
                    sentence(status.reason()) + holderLine(holder),
                    local && status.state() == LockState.HELD,
                    false,
                    holder.pid());
        }
        if (!local) {
            return new Whereabouts(
                    status,
                    Place.OTHER_COMPUTER,
                    "another computer (" + holder.displayHost() + ")",
                    (lockServer
                                    ? "Held on host " + holder.displayHost() + ". Stop asks it through the lock server;"
                                            + " it stops its bot and lets go within a few seconds. "
                                    : "Held on host " + holder.displayHost() + ": it can only be stopped there. ")
                            + sentence(status.reason())
                            + holderLine(holder),
                    lockServer,
                    false,
                    holder.pid());
        }
        if (!processes.holderRuns(holder)
                && holder.botProcess().filter(processes::botRuns).isPresent()) {
            long bot = holder.bot().pid();
            return new Whereabouts(
                    status,
                    Place.ORPHANED_BOT,
                    "orphaned bot pid " + bot,
                    "The launcher that started this bot (pid " + holder.pid() + ") is gone, but its bot (pid " + bot
                            + ") still trades the account, and nothing will stop it for you. Stop ends it, "
                            + "or in a terminal: kill " + bot + holderLine(holder),
                    true,
                    false,
                    bot);
        }
        return new Whereabouts(
                status,
                Place.THIS_COMPUTER,
                kindOf(processes, holder.pid()) + " on this computer",
                sentence(status.reason()) + " Stop asks it to end, as lockctl stop does." + holderLine(holder),
                true,
                false,
                holder.pid());
    }

    /** Whether an acquirer is refused. */
    public boolean blocks() {
        return status.state().blocksAcquirers();
    }

    private static String kindOf(HolderProcesses processes, long pid) {
        String command = processes.commandLine(pid).orElse("").toLowerCase(Locale.ROOT);
        if (command.contains("lock-gui.jar") || command.contains("io.instancelock.gui.launchermain")) {
            return "another launcher";
        }
        if (command.contains("lockctl")) {
            return "lockctl";
        }
        return "another program";
    }

    private static String botText(LockRecord holder) {
        return holder.bot() == null
                ? ""
                : "; its bot runs as pid " + holder.bot().pid();
    }

    private static String holderLine(LockRecord holder) {
        return holder == null ? "" : "\nHolder: " + holder.describe() + ".";
    }

    private static String sentence(String reason) {
        String text = reason.isEmpty() ? reason : Character.toUpperCase(reason.charAt(0)) + reason.substring(1);
        return text.endsWith(".") ? text : text + ".";
    }
}
