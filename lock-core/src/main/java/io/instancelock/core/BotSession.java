package io.instancelock.core;

import io.instancelock.core.spi.ProcessProbe.Liveness;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A bot run as a child process under an account's lock: the one lifecycle that {@code lockctl run},
 * the launcher and embedding programs share.
 *
 * <ol>
 *   <li>{@link #start} starts the command in a process group of its own (on Linux a session), records
 *       it in the lock before it can run (see {@link GatedStart}), then lets it go;
 *   <li>if the lock is lost, the bot is stopped: SIGTERM to its group, SIGKILL after the grace time;
 *       so it is when someone asks through the backend that the holder stop
 *       ({@link LockHandle#whenStopRequested()}), as {@link #stop()} does;
 *   <li>once the bot has exited <em>and</em> nothing it started runs in its group any more, the lock is
 *       released and {@link #exit()} completes.
 * </ol>
 *
 * <p>Where the lock's backend has a confirmation deadline (a lock server, whose claim can pass to
 * another computer while a bot trades on), the bot must not outlive its holder: on Linux it is started
 * so that the kernel kills it when the holder dies ({@code PR_SET_PDEATHSIG}, see {@link GatedStart}),
 * from the session's own thread, which lives until the bot has exited; a {@link HolderWatchdog} outside
 * the JVM ends its whole group when the holder dies or stops answering; the record says so
 * ({@link BotProcess#diesWithHolder()}); and the SIGKILL after a loss comes after at most
 * {@link #DEADLINE_LOSS_GRACE}. Without perl (POSIX) such a bot is not started.</p>
 *
 * <pre>{@code
 * try (LockHandle lock = locks.acquire(account, "john_topstep")) {
 *     BotSession bot = BotSession.start(lock, new ProcessBuilder("python3", "bot.py").inheritIO());
 *     BotExit exit = bot.exit().join();      // the lock is released by now
 *     exit.loss().ifPresent(loss -> System.err.println(loss.describe()));
 * }
 * }</pre>
 *
 * <p>Invariant: the lock is released only after the bot's whole group has exited, so no process of
 * the bot trades unlocked; the record names the bot from before it runs, so a holder that dies at any
 * moment leaves the account held for as long as the bot runs.
 */
public final class BotSession {

    private static final System.Logger LOG = new DeferredLogger(BotSession.class.getName());

    /** How long a bot asked to stop may take before it is killed. */
    public static final Duration DEFAULT_STOP_GRACE = Duration.ofSeconds(10);

    private static final long GROUP_POLL_MILLIS = 50;

    /**
     * How a bot session ended.
     *
     * @param exitCode the bot's exit code (as a shell reports one killed by a signal: 128 + signal)
     * @param stopRequested whether it was asked to stop through {@link #stop()}
     * @param loss the loss of the lock that stopped it, if that is why it ended; also when the holder
     *     was frozen so long that its watchdog stopped the bot (the lock may still be held then, but a
     *     lock server could give it away any moment)
     */
    public record BotExit(int exitCode, boolean stopRequested, Optional<LockLoss> loss) {}

    /**
     * The longest grace after a loss where the backend has a confirmation deadline: short enough that
     * the bot is dead well before the server can give the account away.
     */
    static final Duration DEADLINE_LOSS_GRACE = Duration.ofSeconds(3);

    private final LockHandle lock;
    private final GatedStart started;
    private final BotProcess bot;
    private final Duration stopGrace;
    private final Duration lossGrace;
    private final HolderWatchdog watchdog;
    private final CompletableFuture<Integer> leaderExit = new CompletableFuture<>();
    private final CompletableFuture<BotExit> exit = new CompletableFuture<>();
    private volatile boolean stopRequested;
    private volatile LockLoss stoppedBy;
    private volatile long killAt;

    private BotSession(
            LockHandle lock,
            GatedStart started,
            BotProcess bot,
            Duration stopGrace,
            Duration lossGrace,
            HolderWatchdog watchdog) {
        this.lock = lock;
        this.started = started;
        this.bot = bot;
        this.stopGrace = stopGrace;
        this.lossGrace = lossGrace;
        this.watchdog = watchdog;
    }

    /** Starts the bot with the default grace time of 10 s; see {@link #start(LockHandle, ProcessBuilder, Duration)}. */
    public static BotSession start(LockHandle lock, ProcessBuilder command) throws IOException {
        return start(lock, command, DEFAULT_STOP_GRACE);
    }

    /**
     * Starts the builder's command under the lock (its stdio, environment and directory as set on it)
     * and watches it until the lock can be released.
     *
     * @param stopGrace how long a bot asked to stop (or stopped because the lock was lost) may take
     *     before it is killed; after a loss on a backend with a confirmation deadline, at most
     *     {@link #DEADLINE_LOSS_GRACE} (or a third of the deadline)
     * @throws IOException when the command cannot be found or started, or (POSIX, a backend with a
     *     confirmation deadline) there is no perl for the watchdog; the lock is still held then
     * @throws IllegalStateException when the lock is no longer held
     * @throws LockException when the bot cannot be recorded in the lock; it was stopped before it ran
     */
    public static BotSession start(LockHandle lock, ProcessBuilder command, Duration stopGrace) throws IOException {
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(stopGrace, "stopGrace");
        if (!lock.isHeld()) {
            throw new IllegalStateException("the lock on account " + lock.account() + " is not held");
        }
        Optional<Duration> deadline = confirmationDeadline(lock);
        Watcher watcher = Watcher.starting(command, deadline.isPresent());
        GatedStart started = watcher.started();
        long pid = started.process().pid();
        HolderWatchdog watchdog = null;
        BotProcess bot;
        try {
            BotProcess identity = LocalProcesses.INSTANCE.identify(pid, started.grouped() ? pid : 0);
            if (deadline.isPresent() && !WINDOWS) {
                watchdog = HolderWatchdog.start(identity, deadline.get(), lock::isHeld);
            } else if (deadline.isPresent()) {
                LOG.log(
                        Level.WARNING,
                        "bot pid {0} on account {1} is not stopped if this holder dies or freezes: there is no"
                                + " watchdog on Windows",
                        pid,
                        lock.account());
            }
            boolean diesWithHolder = watchdog != null && started.diesWithParent();
            bot = new BotProcess(
                    pid, identity.startedAt(), identity.startKey(), identity.processGroup(), diesWithHolder);
            lock.recordBot(bot);
            started.open();
        } catch (IOException | RuntimeException e) {
            // Not yet let through the gate: nothing of the bot has run.
            started.abandon();
            waitFor(started.process());
            if (watchdog != null) {
                watchdog.close();
            }
            watcher.abandon();
            throw e;
        }
        Duration lossGrace = deadline.map(d -> shortest(stopGrace, DEADLINE_LOSS_GRACE, d.dividedBy(3)))
                .orElse(stopGrace);
        BotSession session = new BotSession(lock, started, bot, stopGrace, lossGrace, watchdog);
        session.watch();
        watcher.proceed(session);
        return session;
    }

    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    private static Optional<Duration> confirmationDeadline(LockHandle lock) {
        return lock instanceof HeldLock held ? held.confirmationDeadline() : Optional.empty();
    }

    private static Duration shortest(Duration first, Duration... others) {
        Duration shortest = first;
        for (Duration other : others) {
            shortest = other.compareTo(shortest) < 0 ? other : shortest;
        }
        return shortest;
    }

    private void watch() {
        lock.whenLost().thenAccept(this::lost);
        lock.whenStopRequested().thenRun(this::askedToStop);
    }

    /**
     * The thread that starts the bot, then watches it until the lock is released. The kernel's death
     * signal ({@code PR_SET_PDEATHSIG}) fires when the <em>thread</em> that started the bot ends, so
     * the bot is started here and not on the caller's thread (a pool's, which may end any time): this
     * thread ends only after the bot has exited.
     */
    private static final class Watcher {
        private final CompletableFuture<GatedStart> started = new CompletableFuture<>();
        private final CompletableFuture<BotSession> session = new CompletableFuture<>();

        static Watcher starting(ProcessBuilder command, boolean dieWithHolder) {
            Watcher watcher = new Watcher();
            Thread thread = new Thread(() -> watcher.run(command, dieWithHolder), "instance-lock-bot-starting");
            thread.setDaemon(true);
            thread.start();
            return watcher;
        }

        private void run(ProcessBuilder command, boolean dieWithHolder) {
            GatedStart gated;
            try {
                gated = GatedStart.start(command, dieWithHolder);
            } catch (IOException | RuntimeException | Error e) {
                started.completeExceptionally(e);
                return;
            }
            Thread.currentThread()
                    .setName("instance-lock-bot-" + gated.process().pid());
            started.complete(gated);
            BotSession watched = session.join();
            if (watched == null) {
                waitFor(gated.process());
            } else {
                watched.awaitEnd();
            }
        }

        GatedStart started() throws IOException {
            try {
                return started.join();
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) {
                    throw io;
                }
                if (cause instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw (Error) cause;
            }
        }

        void proceed(BotSession watched) {
            session.complete(watched);
        }

        void abandon() {
            session.complete(null);
        }
    }

    /** The bot's process, for its output streams and exit code. */
    public Process process() {
        return started.process();
    }

    /** The bot's pid, which is also its process group's id when it has one. */
    public long pid() {
        return bot.pid();
    }

    /** The bot as recorded in the lock. */
    public BotProcess bot() {
        return bot;
    }

    /** The lock the bot runs under. */
    public LockHandle lock() {
        return lock;
    }

    /**
     * Completes with the bot's exit code when the bot process itself has exited; processes it started
     * may still run then, and the lock is still held until they have exited too.
     */
    public CompletionStage<Integer> leaderExit() {
        return leaderExit.minimalCompletionStage();
    }

    /** Completes once the bot and everything it started have exited and the lock has been released. */
    public CompletableFuture<BotExit> exit() {
        return exit;
    }

    /** Asks the bot (and its group) to stop with SIGTERM, and kills them after the grace time. */
    public void stop() {
        stopRequested = true;
        terminate(stopGrace);
    }

    /** A stop request through the backend ({@code lockctl stop} on another computer): as {@link #stop()}. */
    private void askedToStop() {
        LOG.log(
                Level.INFO,
                "asked through the lock server to stop bot pid {0} and let go of account {1}",
                bot.pid(),
                lock.account());
        stop();
    }

    /**
     * Passes a signal on to the bot's group (SIGINT and SIGTERM from a terminal, say) without
     * changing how the session ends; on Windows only TERM and KILL can be passed, which end the bot.
     */
    public boolean signal(LocalProcesses.Signal signal) {
        return LocalProcesses.signalBot(bot, signal);
    }

    private void lost(LockLoss loss) {
        stoppedBy = loss;
        terminate(lossGrace);
    }

    /** Sends SIGTERM once; a later, shorter grace (a loss after a stop) brings the SIGKILL forward. */
    private synchronized void terminate(Duration grace) {
        long at = System.nanoTime() + grace.toNanos();
        if (killAt == 0) {
            killAt = at;
            if (!LocalProcesses.signalBot(bot, LocalProcesses.Signal.TERM)) {
                started.process().destroy();
            }
        } else if (at - killAt < 0) {
            killAt = at;
        }
        notifyAll();
    }

    /** Runs on the watcher thread: waits for the bot, then for its group, then releases the lock. */
    private void awaitEnd() {
        int code = awaitLeader(started.process());
        started.discardGate();
        // Not on this thread: a listener that waits for exit() would otherwise wait for itself.
        leaderExit.completeAsync(() -> code);
        boolean announced = false;
        while (bot.hasGroup() && LocalProcesses.INSTANCE.groupLiveness(bot.processGroup()) == Liveness.ALIVE) {
            if (!announced) {
                LOG.log(
                        Level.INFO,
                        "bot pid {0} exited with code {1}; account {2} stays held until the processes it started"
                                + " (process group {3}) have exited",
                        bot.pid(),
                        code,
                        lock.account(),
                        bot.processGroup());
                announced = true;
            }
            killIfOverdue();
            pause();
        }
        LockLoss loss = stoppedBy;
        if (watchdog != null) {
            if (loss == null && watchdog.stoppedTheBot()) {
                loss = frozen();
            }
            watchdog.close();
        }
        try {
            lock.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not release the lock on account " + lock.account() + ": " + e.getMessage());
        }
        exit.complete(new BotExit(code, stopRequested, Optional.ofNullable(loss)));
    }

    /**
     * The loss a holder that was frozen too long reports once it runs again: its watchdog has stopped
     * the bot, because a lock server may give the account away soon.
     */
    private LockLoss frozen() {
        LockLoss loss = new LockLoss(
                lock.account(),
                "this holder did not answer for " + watchdog.timings().quiet().toMillis() + " ms"
                        + " (frozen or suspended), so its watchdog stopped the bot before the lock server could"
                        + " give the account away",
                java.time.Instant.now());
        LOG.log(Level.WARNING, loss.describe());
        return loss;
    }

    private synchronized void pause() {
        try {
            wait(GROUP_POLL_MILLIS);
        } catch (InterruptedException e) {
            // This thread is the library's own; nobody else should interrupt it. Keep watching.
        }
    }

    private void killIfOverdue() {
        long at = killAt;
        if (at != 0 && System.nanoTime() - at >= 0) {
            LocalProcesses.signalBot(bot, LocalProcesses.Signal.KILL);
        }
    }

    /** Waits for the leader; after a stop or a loss, kills it (and its group) once the grace time is up. */
    private int awaitLeader(Process process) {
        while (true) {
            try {
                // In slices: a loss after a stop may bring the kill forward.
                long slice = TimeUnit.MILLISECONDS.toNanos(GROUP_POLL_MILLIS * 4);
                long at = killAt;
                if (at != 0) {
                    long left = at - System.nanoTime();
                    if (left <= 0) {
                        LocalProcesses.signalBot(bot, LocalProcesses.Signal.KILL);
                        process.destroyForcibly();
                        return process.waitFor();
                    }
                    slice = Math.min(slice, left);
                }
                if (process.waitFor(slice, TimeUnit.NANOSECONDS)) {
                    return process.exitValue();
                }
            } catch (InterruptedException e) {
                // The watcher is the library's own thread; keep waiting.
            }
        }
    }

    private static int waitFor(Process process) {
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
