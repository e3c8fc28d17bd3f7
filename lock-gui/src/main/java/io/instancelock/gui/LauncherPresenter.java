package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotSession;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockLoss;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockStatus;
import io.instancelock.gui.LauncherState.AccountChoice;
import io.instancelock.gui.LauncherState.LockRow;
import io.instancelock.gui.LauncherState.Phase;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The launcher's state and decisions, free of Swing so that tests drive it without a screen.
 *
 * <p>Starting a bot, in order (on the work thread):
 *
 * <ol>
 *   <li>take the account's lock with {@link AccountLocks#tryAcquire}; if it is held, show the standard
 *       refusal message in the {@value #REFUSAL_TITLE} dialog and change nothing else;
 *   <li>start the bot process, then record it in the lock at once, so that the account stays held
 *       while the bot runs even if this launcher is killed;
 *   <li>when the bot process has exited (on its own, or stopped by the user), release the lock.
 * </ol>
 *
 * <p>Threading: the public methods may be called from any thread; they hand their work to the UI
 * executor. The fields below marked "UI thread" are read and written only there. Lock and process
 * work runs on {@link #work} (one task at a time, so starts, stops and releases never interleave);
 * lock table refreshes run on {@link #lookups} and only read.
 */
public final class LauncherPresenter {

    /** The title of the dialog that refuses an account in use. */
    public static final String REFUSAL_TITLE = "Account already in use";

    private final AccountLocks locks;
    private final AccountsConfig config;
    private final BotCommand command;
    private final String brokerOverride;
    private final Duration stopGrace;
    private final Executor ui;
    private final ExecutorService work = Executors.newSingleThreadExecutor(daemon("launcher-work"));
    private final ExecutorService lookups = Executors.newSingleThreadExecutor(daemon("launcher-lookups"));
    /** The bot this launcher runs, for the exit hook; set and cleared on the work thread. */
    private final AtomicReference<Session> live = new AtomicReference<>();

    // UI thread only.
    private LauncherView view;
    private Phase phase = Phase.IDLE;
    private Account selected;
    private String strategy;
    private String broker;
    private String status;
    private List<LockStatus> lastLocks = List.of();
    private Session session;
    private boolean closeWhenStopped;
    private boolean refreshing;

    /**
     * @param locks the lock directory (or other backend) to take accounts in
     * @param config the accounts, strategies and bot command ({@code null}: the demo bot)
     * @param brokerOverride the broker user name for every account, or {@code null} to use each
     *     account's own
     * @param stopGrace how long Stop waits for a bot to end after asking it before killing it
     * @param ui runs tasks on the UI thread, in order
     */
    public LauncherPresenter(
            AccountLocks locks, AccountsConfig config, String brokerOverride, Duration stopGrace, Executor ui) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.config = Objects.requireNonNull(config, "config");
        this.command = config.botCommand() != null ? config.botCommand() : BotCommand.demo();
        this.brokerOverride = brokerOverride;
        this.stopGrace = Objects.requireNonNull(stopGrace, "stopGrace");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.strategy = config.strategies().get(0);
        this.status = "Ready: pick an account and press Start Bot.";
        select(config.accounts().get(0));
    }

    /** Shows the state in {@code newView} and starts the first refresh of the lock table. */
    public void attach(LauncherView newView) {
        ui.execute(() -> {
            view = newView;
            render();
        });
        refresh();
    }

    /** Shows an error dialog, e.g. a problem with the accounts file found at start-up. */
    public void warn(String title, String message) {
        ui.execute(() -> view.showError(title, message));
    }

    /** Selects an account (ignored while a bot runs or for an account not offered). */
    public void selectAccount(AccountId id) {
        ui.execute(() -> {
            if (phase == Phase.IDLE && (selected == null || !selected.id().equals(id))) {
                config.find(id).ifPresent(this::select);
                render();
            }
        });
    }

    /** Selects a strategy (ignored while a bot runs). */
    public void selectStrategy(String newStrategy) {
        ui.execute(() -> {
            if (phase == Phase.IDLE && config.strategies().contains(newStrategy)) {
                strategy = newStrategy;
            }
        });
    }

    /** Sets the broker user name the next bot trades with (ignored while a bot runs). */
    public void editBroker(String newBroker) {
        ui.execute(() -> {
            if (phase == Phase.IDLE) {
                broker = newBroker;
            }
        });
    }

    /** Takes the selected account and starts its bot, or shows why not. */
    public void start() {
        ui.execute(this::startOnUi);
    }

    /** Stops the running bot: asks it to end, kills it after the grace time, then releases the lock. */
    public void stop() {
        ui.execute(this::stopOnUi);
    }

    /** The window's close button: closes at once when idle, else asks before stopping the bot. */
    public void requestClose() {
        ui.execute(this::closeOnUi);
    }

    /** Reads every lock's state again (for the table and the drop-down's marks) without disturbing any. */
    public void refresh() {
        ui.execute(this::refreshOnUi);
    }

    /**
     * Stops the bot and releases the lock from the calling thread and waits for it, for a JVM that is
     * shutting down (e.g. on SIGTERM). Does nothing when no bot runs.
     */
    public void stopForExit() {
        Session running = live.get();
        if (running != null) {
            running.stopRequested = true;
            running.bot.stop();
        }
    }

    private void select(Account account) {
        selected = account;
        broker = brokerOverride != null ? brokerOverride : account.brokerUsername();
    }

    private void startOnUi() {
        if (phase != Phase.IDLE || view == null) {
            return;
        }
        String user = broker == null ? "" : broker.strip();
        if (user.isEmpty()) {
            view.showError(
                    "Broker user name missing",
                    "Enter the broker user name the bot trades with, " + "then press Start Bot again.");
            return;
        }
        Account account = selected;
        String chosen = strategy;
        List<String> commandLine = command.expand(account, chosen, user);
        String statusBefore = status;
        phase = Phase.STARTING;
        status = "Starting the bot on " + account.name() + "...";
        render();
        submitWork(() -> startInBackground(account, chosen, user, commandLine, statusBefore));
    }

    private void startInBackground(
            Account account, String chosen, String user, List<String> commandLine, String statusBefore) {
        Acquisition attempt;
        try {
            attempt = locks.tryAcquire(account.id(), user);
        } catch (RuntimeException e) {
            // LockException, but also an I/O error reading a lock file: never leave the phase STARTING.
            onUi(() -> startFailed(statusBefore, "Cannot take the account", e.getMessage()));
            return;
        }
        if (attempt instanceof Acquisition.Refused refused) {
            onUi(() -> refused(account, refused, statusBefore));
            return;
        }
        LockHandle handle = ((Acquisition.Acquired) attempt).handle();
        RunningBot bot;
        try {
            // The bot is recorded in the lock before it runs, and the lock goes only after it has exited.
            bot = RunningBot.start(handle, commandLine, line -> onUi(() -> log(line)), stopGrace);
        } catch (IOException | RuntimeException e) {
            handle.close();
            onUi(() -> startFailed(
                    statusBefore,
                    "Cannot start the bot",
                    "The bot command could not be started:\n"
                            + String.join(" ", commandLine) + "\n\n" + e.getMessage()
                            + "\n\nCheck bot_command in the accounts file or --bot-command."));
            return;
        }
        Session started = new Session(account, chosen, handle, bot);
        live.set(started);
        onUi(() -> running(started));
        // Posted after running(): the UI sees the start before the end even for a bot that dies at once.
        bot.exit().whenComplete((exit, error) -> submitWork(() -> ended(started, exit)));
    }

    private void running(Session started) {
        session = started;
        phase = Phase.RUNNING;
        status = "Bot running on " + started.account.name() + " (pid " + started.bot.pid() + ", strategy "
                + started.strategy + ").";
        log("--- bot started on account " + started.account.id() + " (pid " + started.bot.pid() + ") ---");
        render();
        refreshOnUi();
        if (closeWhenStopped) {
            stopOnUi();
        }
    }

    private void refused(Account account, Acquisition.Refused refused, String statusBefore) {
        phase = Phase.IDLE;
        status = statusBefore;
        render();
        refreshOnUi();
        view.showError(REFUSAL_TITLE, refused.message(account.name()));
        if (closeWhenStopped) {
            finish();
        }
    }

    private void startFailed(String statusBefore, String title, String message) {
        phase = Phase.IDLE;
        status = statusBefore;
        render();
        view.showError(title, message);
        if (closeWhenStopped) {
            finish();
        }
    }

    private void stopOnUi() {
        if (phase != Phase.RUNNING) {
            return;
        }
        Session running = session;
        phase = Phase.STOPPING;
        status = "Stopping the bot on " + running.account.name() + "...";
        render();
        submitWork(() -> {
            running.stopRequested = true;
            running.bot.stop();
            // The lock is released by the bot's session once it has exited; ended() follows.
        });
    }

    /** Runs on the work thread once the bot has exited and its session has released the lock. */
    private void ended(Session finished, BotSession.BotExit exit) {
        live.compareAndSet(finished, null);
        int exitCode = exit == null ? -1 : exit.exitCode();
        String lost = exit == null ? null : exit.loss().map(LockLoss::reason).orElse(null);
        onUi(() -> botEnded(finished, exitCode, lost));
    }

    private void botEnded(Session finished, int exitCode, String lost) {
        session = null;
        phase = Phase.IDLE;
        String name = finished.account.name();
        log("--- bot exited with code " + exitCode + " ---");
        if (lost != null) {
            status = "Lock lost on " + name + ": " + lost + "; the bot was stopped.";
        } else if (finished.stopRequested) {
            status = "Bot stopped; account " + name + " released.";
        } else {
            status = "The bot on " + name + " exited on its own with code " + exitCode
                    + (exitCode == 0 ? "" : " (it failed or crashed)") + "; account released.";
        }
        render();
        refreshOnUi();
        if (closeWhenStopped) {
            finish();
        }
    }

    private void closeOnUi() {
        if (phase == Phase.CLOSED || view == null) {
            return;
        }
        if (phase == Phase.IDLE) {
            finish();
            return;
        }
        String name = session != null ? session.account.name() : selected.name();
        if (view.confirm("Bot running", "Stop the bot on account " + name + " and close?")) {
            closeWhenStopped = true;
            stopOnUi();
        }
    }

    private void finish() {
        phase = Phase.CLOSED;
        render();
        work.shutdown();
        lookups.shutdown();
        view.close();
    }

    private void refreshOnUi() {
        if (refreshing || phase == Phase.CLOSED) {
            return;
        }
        refreshing = true;
        // Only list() is used: it inspects this launcher's own lock through the backend, which never
        // opens the lock file a second time (that would drop our POSIX lock).
        lookups.execute(() -> {
            List<LockStatus> found = null;
            String problem = null;
            try {
                found = locks.list();
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            List<LockStatus> result = found;
            String error = problem;
            onUi(() -> locksRead(result, error));
        });
    }

    private void locksRead(List<LockStatus> found, String problem) {
        refreshing = false;
        if (problem != null) {
            status = "Cannot read the locks in " + locks.location() + ": " + problem;
        } else {
            lastLocks = found;
        }
        render();
    }

    private void log(String line) {
        if (view != null) {
            view.appendLog(line);
        }
    }

    private void render() {
        if (view != null) {
            view.render(state());
        }
    }

    private LauncherState state() {
        List<AccountChoice> choices = new ArrayList<>();
        for (Account account : config.accounts()) {
            choices.add(new AccountChoice(account, usage(account.id())));
        }
        List<LockRow> rows = new ArrayList<>();
        for (LockStatus lock : lastLocks) {
            rows.add(row(lock));
        }
        return new LauncherState(
                phase,
                choices,
                selected.id(),
                config.strategies(),
                strategy,
                broker == null ? "" : broker,
                status,
                rows,
                locks.location());
    }

    private String usage(AccountId id) {
        if (session != null && session.account.id().equals(id)) {
            return "running here";
        }
        for (LockStatus lock : lastLocks) {
            if (lock.account().equals(id) && lock.state().blocksAcquirers()) {
                return "in use";
            }
        }
        return "";
    }

    private static LockRow row(LockStatus lock) {
        LockRecord holder = lock.holder();
        String details = lock.reason();
        if (holder != null && holder.pid() == ProcessHandle.current().pid()) {
            details = "this launcher"
                    + (holder.bot() == null ? "" : ", bot pid " + holder.bot().pid());
        }
        return new LockRow(
                lock.account().value(),
                lock.state().label(),
                holder == null ? "" : Long.toString(holder.pid()),
                holder == null ? "" : holder.displayBroker(),
                holder == null ? "" : holder.displayCreatedAt(),
                details);
    }

    private void onUi(Runnable task) {
        try {
            ui.execute(task);
        } catch (RejectedExecutionException e) {
            // The UI is gone (shutting down): there is nothing left to show.
        }
    }

    private void submitWork(Runnable task) {
        try {
            work.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // closing: finish the release on this thread rather than drop it
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A bot this launcher started, with the lock it runs under. */
    private static final class Session {
        final Account account;
        final String strategy;
        final LockHandle handle;
        final RunningBot bot;
        volatile boolean stopRequested;

        Session(Account account, String strategy, LockHandle handle, RunningBot bot) {
            this.account = account;
            this.strategy = strategy;
            this.handle = handle;
            this.bot = bot;
        }
    }
}
