package io.instancelock.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 *   <li>Once the command runs, SIGTERM is sent on to it; SIGINT too, unless lockctl is in the
 *       terminal's foreground process group, where the terminal has already sent the command its own
 *       SIGINT (the command shares lockctl's process group), so a Ctrl-C reaches it once, not twice.
 * </ol>
 *
 * <p>Invariant: {@link #start} and the signal handlers run under this object's monitor, so a signal is
 * either seen before the command starts (and prevents it) or forwarded to the started command.
 */
final class SignalRelay implements AutoCloseable {

    /** Starts the command; the relay forwards signals to what it returns. */
    interface Starter {
        Process start() throws IOException;
    }

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private final Thread waiter;
    private final boolean interruptWaiter;
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();
    private Process command;
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
     *     while it waits for the account: an interrupt during file I/O would close the lock's channel)
     */
    static SignalRelay install(Thread waiter, boolean interruptWaiter) {
        SignalRelay relay = new SignalRelay(waiter, interruptWaiter);
        relay.handle("INT");
        if (!WINDOWS) {
            relay.handle("TERM");
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
    synchronized Process start(Starter starter) throws IOException {
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
        if (signal.getName().equals("TERM")) {
            command.destroy();
        } else if (!WINDOWS && !terminalAlreadyDelivered()) {
            send("INT", command.pid());
        }
    }

    /** Whether lockctl runs in its terminal's foreground process group (Linux; false when unknown). */
    private static boolean terminalAlreadyDelivered() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            // Fields after "(comm)": state ppid pgrp session tty_nr tpgid ...
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return fields[2].equals(fields[5]);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static void send(String signal, long pid) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .inheritIO()
                    .start();
        } catch (IOException e) {
            System.err.println("lockctl: cannot pass SIG" + signal + " on to pid " + pid + ": " + e.getMessage());
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
