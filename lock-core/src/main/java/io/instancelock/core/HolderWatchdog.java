package io.instancelock.core;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A small process outside the JVM that ends a bot's process group when its holder dies or stops
 * responding (a frozen JVM, a debugger, a laptop asleep), so that the bot never trades on for a holder
 * whose claim a lock server may give away.
 *
 * <ol>
 *   <li>A perl script is started in a session of its own (so that no terminal's or group's signal
 *       meant for the holder reaches it), its standard input a pipe from the holder.
 *   <li>A daemon thread of the holder writes a byte to the pipe every {@link Timings#heartbeat()} while
 *       the lock is held.
 *   <li>The script ends the bot's group with SIGTERM, then SIGKILL after {@link Timings#grace()}, when
 *       no byte has come for {@link Timings#quiet()} (the holder's claim is still good until the
 *       deadline); and with SIGKILL at once, as the kernel's death signal ends the bot itself, when the
 *       pipe reaches its end or its parent changes without a word: the holder has died (the kernel
 *       closes a dead process's pipes), and its claim may be free already.
 *   <li>Before it signals the group it writes {@code stopped} to its standard output, a pipe to the
 *       holder, which so learns why its bot ended once it runs again.
 *   <li>It exits when the group is gone, or when the holder writes {@code q} (the session ended
 *       normally). It writes no file; it signals nothing but the group {@code -PGID}.
 * </ol>
 *
 * <p>No clock is read: the quiet time is counted in polls of {@code select}, whose timeouts are
 * relative, so no clock step can make the holder look frozen.
 */
final class HolderWatchdog implements AutoCloseable {

    private static final System.Logger LOG = new DeferredLogger(HolderWatchdog.class.getName());

    private static final String SCRIPT = String.join(
            "\n",
            "use strict; use POSIX ();",
            "my ($pg, $quiet, $poll, $grace, $holder) = @ARGV;",
            "POSIX::setsid();",
            "$SIG{$_} = 'IGNORE' for qw(HUP INT QUIT PIPE TSTP TTIN TTOU);",
            "my $p = $poll / 1000; my $silent = 0; my $why;",
            "my $in = ''; vec($in, fileno(STDIN), 1) = 1;",
            "while (1) {",
            "  exit 0 unless kill(0, -$pg);",
            "  if (getppid() != $holder) { $why = \"holder pid $holder has exited\"; last }",
            "  my $n = select(my $ready = $in, undef, undef, $p);",
            "  if ($n > 0) {",
            "    my $got = sysread(STDIN, my $bytes, 4096);",
            "    if (!$got) { $why = \"holder pid $holder has exited\"; last }",
            "    exit 0 if index($bytes, 'q') >= 0;",
            "    $silent = 0;",
            "  } elsif ($n == 0) {",
            "    $silent += $poll;",
            "    if ($silent >= $quiet) { $why = \"holder pid $holder has not answered for ${silent} ms\"; last }",
            "  }",
            "}",
            "$| = 1; print \"stopped\\n\";",
            "print STDERR \"instance-lock watchdog: $why; stopping its bot (process group $pg)\\n\";",
            "$grace = 0 if $why =~ /exited/;",
            "kill('TERM', -$pg) if $grace > 0;",
            "for (my $waited = 0; $waited < $grace && kill(0, -$pg); $waited += $poll) { select(undef, undef, undef, $p) }",
            "while (kill(0, -$pg)) { kill('KILL', -$pg); select(undef, undef, undef, $p) }",
            "exit 0;");

    /**
     * The watchdog's times for a confirmation deadline {@code d}: the bot is dead at the latest
     * {@code heartbeat + quiet + poll + grace} after its holder's last heartbeat, 3/4 of {@code d} or less.
     *
     * @param heartbeat how often the holder writes: {@code d/10}, at most 1 s
     * @param quiet how long the watchdog waits for a heartbeat before it stops the bot: {@code 2d/5}
     * @param poll how often the watchdog looks at the group: {@code d/20}, at most 250 ms
     * @param grace how long the bot may take after SIGTERM: {@code d/5}, at most 3 s
     */
    record Timings(Duration heartbeat, Duration quiet, Duration poll, Duration grace) {

        static Timings forDeadline(Duration deadline) {
            return new Timings(
                    min(Duration.ofSeconds(1), deadline.dividedBy(10)),
                    deadline.multipliedBy(2).dividedBy(5),
                    max(Duration.ofMillis(20), min(Duration.ofMillis(250), deadline.dividedBy(20))),
                    min(Duration.ofSeconds(3), deadline.dividedBy(5)));
        }

        /** The longest time from the holder's last heartbeat to the bot's group being killed. */
        Duration worstCase() {
            return heartbeat.plus(quiet).plus(poll).plus(grace);
        }
    }

    private final Process process;
    private final OutputStream pipe;
    private final Timings timings;
    private final BooleanSupplier holding;
    private volatile boolean closed;

    private HolderWatchdog(Process process, Timings timings, BooleanSupplier holding) {
        this.process = process;
        this.pipe = process.getOutputStream();
        this.timings = timings;
        this.holding = holding;
    }

    /**
     * Starts a watchdog over a bot's group, and the heartbeat that keeps it quiet while
     * {@code holding} says the lock is held.
     *
     * @throws IOException when there is no perl to run it, or it cannot be started
     */
    static HolderWatchdog start(BotProcess bot, Duration deadline, BooleanSupplier holding) throws IOException {
        if (!bot.hasGroup()) {
            throw new IOException("the bot runs in no process group of its own, which a watchdog could stop");
        }
        Optional<Path> perl = GatedStart.onPath("perl");
        if (perl.isEmpty()) {
            throw new IOException("perl is not on the PATH: it runs the watchdog that stops the bot if this"
                    + " holder freezes or dies (install perl)");
        }
        Timings timings = Timings.forDeadline(deadline);
        Process process = new ProcessBuilder(List.of(
                        perl.get().toString(),
                        "-e",
                        SCRIPT,
                        Long.toString(bot.processGroup()),
                        Long.toString(timings.quiet().toMillis()),
                        Long.toString(timings.poll().toMillis()),
                        Long.toString(timings.grace().toMillis()),
                        Long.toString(ProcessHandle.current().pid())))
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(ProcessBuilder.Redirect.PIPE)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        HolderWatchdog watchdog = new HolderWatchdog(process, timings, holding);
        watchdog.beat();
        Thread heartbeat = new Thread(watchdog::beatUntilClosed, "instance-lock-heartbeat-" + bot.pid());
        heartbeat.setDaemon(true);
        heartbeat.start();
        process.onExit().thenRun(() -> watchdog.exited(bot));
        return watchdog;
    }

    /** The watchdog's process, for tests. */
    Process process() {
        return process;
    }

    Timings timings() {
        return timings;
    }

    /**
     * Whether the watchdog has stopped the bot because its holder did not answer (or died): it said so
     * before its first signal, so this is true once the bot's group is gone by its hand.
     */
    boolean stoppedTheBot() {
        try {
            return process.getInputStream().available() > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private void beatUntilClosed() {
        long period = timings.heartbeat().toNanos();
        while (!closed && beat()) {
            long until = System.nanoTime() + period;
            for (long left = period; left > 0 && !closed; left = until - System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(left);
                } catch (InterruptedException e) {
                    // The library's own thread; nobody else should interrupt it. Keep beating.
                }
            }
        }
    }

    /** Writes one heartbeat while the lock is held; false once the pipe is broken (the watchdog has gone). */
    private synchronized boolean beat() {
        if (closed || !holding.getAsBoolean()) {
            return !closed;
        }
        try {
            pipe.write('.');
            pipe.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void exited(BotProcess bot) {
        if (!closed && LocalProcesses.botRuns(bot)) {
            LOG.log(
                    Level.WARNING,
                    "the watchdog of bot pid {0} exited with code {1} while the bot runs: it will no longer be"
                            + " stopped if this holder freezes",
                    bot.pid(),
                    process.exitValue());
        }
    }

    /** The session has ended normally: tells the watchdog to exit, without touching the group. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            pipe.write('q');
            pipe.flush();
            pipe.close();
        } catch (IOException e) {
            // It has exited already.
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
