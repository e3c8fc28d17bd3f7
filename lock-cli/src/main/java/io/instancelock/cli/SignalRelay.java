package io.instancelock.cli;

import io.instancelock.core.BotSession;
import io.instancelock.core.LocalProcesses;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Passes SIGINT and SIGTERM that reach {@code lockctl run} on to the command it runs, instead of
 * letting the JVM exit while the command goes on.
 *
 * <ol>
 *   <li>Before the command starts, a signal cancels the run: a thread waiting for the account is
 *       interrupted, and no command is started afterwards.
 *   <li>Once the command runs, SIGTERM and SIGINT are sent on to its whole process group. The command
 *       runs in a session of its own, so a terminal's Ctrl-C reaches lockctl alone, and lockctl passes
 *       it on once.
 * </ol>
 *
 * <p>Invariant: {@link #start} and the signal handlers run under this object's monitor, so a signal is
 * either seen before the command starts (and prevents it) or forwarded to the started command.
 */
final class SignalRelay implements AutoCloseable {

    /** Starts the command; the relay forwards signals to what it returns. */
    interface Starter {
        BotSession start() throws IOException;
    }

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final Thread waiter;
    private final boolean interruptWaiter;
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private BotSession command;
    private int cancelledBy;

    private SignalRelay(Thread waiter, boolean interruptWaiter) {
        this.waiter = waiter;
        this.interruptWaiter = interruptWaiter;
    }

    /**
     * Installs the handlers.
     *
     * @param waiter the thread that takes the lock and then starts the command
     * @param interruptWaiter whether a signal before the command starts interrupts {@code waiter} (only
     *     while it waits for the account)
     */
    static SignalRelay install(Thread waiter, boolean interruptWaiter) {
        SignalRelay relay = new SignalRelay(waiter, interruptWaiter);
        relay.handle("INT");
        if (!WINDOWS) {
            relay.handle("TERM");
            relay.handle("HUP");
        }
        return relay;
    }

    private void handle(String name) {
        try {
            Signal signal = new Signal(name);
            previous.add(Signal.handle(signal, this::received));
            installed.add(signal);
        } catch (IllegalArgumentException e) {
            // The JVM reserves the signal (e.g. run with -Xrs): it keeps its default behaviour.
        }
    }

    /** The signal number that cancelled the run before the command started, or 0. */
    synchronized int cancelledBy() {
        return cancelledBy;
    }

    /** Starts the command unless a signal has cancelled the run; returns null when cancelled. */
    synchronized BotSession start(Starter starter) throws IOException {
        if (cancelledBy != 0) {
            return null;
        }
        command = starter.start();
        return command;
    }

    private synchronized void received(Signal signal) {
        if (command == null) {
            if (cancelledBy == 0) {
                cancelledBy = signal.getNumber();
                if (interruptWaiter) {
                    waiter.interrupt();
                }
            }
            return;
        }
        switch (signal.getName()) {
            case "INT" -> {
                if (WINDOWS || !command.signal(LocalProcesses.Signal.INT)) {
                    command.stop();
                }
            }
            // A hang-up (the terminal closed) ends the command as SIGTERM does; the lock goes only after.
            default -> command.signal(LocalProcesses.Signal.TERM);
        }
    }

    /** Restores the handlers that were there before. */
    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            Signal.handle(installed.get(i), previous.get(i));
        }
    }
}
