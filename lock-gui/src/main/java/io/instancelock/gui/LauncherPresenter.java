package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockException;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockStatus;
import io.instancelock.core.Removal;
import io.instancelock.gui.LauncherState.AccountChoice;
import io.instancelock.gui.LauncherState.Phase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The launcher's state and decisions, free of Swing so that tests drive it without a screen.
 *
 * <p>Starting a bot, in order (on the work thread):
 *
 * <ol>
 *   <li>take the account's lock with {@link AccountLocks#tryAcquire}; if it is held, show the standard
 *       refusal message with who holds it, and let the user stop that holder (then start as soon as
 *       the account is free), choose another account, or cancel;
 *   <li>hand the lock and the bot command to the {@link BotRunner}, which records the bot in the lock
 *       before it trades and releases the lock only after the bot has exited;
 *   <li>show the end: stopped, ended by itself, crashed (with Restart), or lock lost.
 * </ol>
 *
 * <p>Threading: the public methods may be called from any thread; they hand their work to the UI
 * executor. The fields below marked "UI thread" are read and written only there. Starts and stops run
 * on {@link #work} (one at a time, so they never interleave); reading the locks and cleaning them on
 * {@link #lookups}; stopping another holder, which may wait long, on {@link #admin}.
 */
public final class LauncherPresenter {

    /** The title of the dialog that refuses an account in use. */
    public static final String REFUSAL_TITLE = Refusal.TITLE;

    private final AccountLocks locks;
    private final AccountsConfig config;
    private final BotCommand command;
    private final String brokerOverride;
    private final Duration stopGrace;
    private final Executor ui;
    private final Clock clock;
    private final LauncherPrefs prefs;
    private final HolderProcesses processes;
    private final BotRunner bots;
    private final HolderStop holderStop;
    private final Path watchedDirectory;
    private final Duration poll;
    private final long selfPid = ProcessHandle.current().pid();
    private final boolean lockServer;
    private final ExecutorService work = Executors.newSingleThreadExecutor(daemon("launcher-work"));
    private final ExecutorService lookups = Executors.newSingleThreadExecutor(daemon("launcher-lookups"));
    private final ExecutorService admin = Executors.newSingleThreadExecutor(daemon("launcher-admin"));
    /** The bot this launcher runs, for the exit hook; set and cleared on the work thread. */
    private final AtomicReference<Session> live = new AtomicReference<>();

    // UI thread only.
    private LauncherView view;
    private LockWatch watch;
    private Phase phase = Phase.IDLE;
    private BotHealth health = new BotHealth.Idle();
    private Account selected;
    private boolean accountChosen;
    private String strategy;
    private String broker;
    private boolean brokerEditable;
    private String status;
    private LockOverview overview = LockOverview.NONE;
    private boolean locksRead;
    private Session session;
    private Session lastRun;
    private boolean closeWhenStopped;
    private boolean refreshing;
    private boolean refreshAgain;
    private String theme;

    private LauncherPresenter(Builder builder) {
        this.locks = builder.locks;
        this.config = builder.config;
        this.ui = builder.ui;
        this.command = config.botCommand() != null ? config.botCommand() : BotCommand.demo();
        this.brokerOverride = builder.brokerOverride;
        this.stopGrace = builder.stopGrace;
        this.clock = builder.clock;
        this.prefs = builder.prefs;
        this.processes = builder.processes;
        this.bots = builder.bots != null ? builder.bots : new SessionBotRunner(stopGrace);
        this.holderStop = new HolderStop(locks, processes, builder.holderStopTimeout);
        this.lockServer = builder.lockServer;
        this.watchedDirectory = builder.watchedDirectory;
        this.poll = builder.poll;
        this.theme = builder.theme != null ? builder.theme : prefs.theme().orElse("system");
        this.strategy = prefs.strategy()
                .filter(config.strategies()::contains)
                .orElse(config.strategies().get(0));
        this.status = "Ready: pick an account and press Start Bot.";
        Optional<Account> requested = Optional.ofNullable(builder.account).flatMap(config::find);
        accountChosen = requested.isPresent();
        select(requested
                .or(() -> prefs.account().flatMap(config::find))
                .orElse(config.accounts().get(0)));
    }

    /**
     * A presenter over these locks and accounts.
     *
     * @param ui runs tasks on the UI thread, in order
     */
    public static Builder builder(AccountLocks locks, AccountsConfig config, Executor ui) {
        return new Builder(locks, config, ui);
    }

    /** Shows the state in {@code newView}, reads the locks and starts watching them. */
    public void attach(LauncherView newView) {
        ui.execute(() -> {
            view = newView;
            watch = LockWatch.start(watchedDirectory, poll, this::refresh, processes);
            render();
            refreshOnUi();
        });
    }

    /** Shows an error dialog, e.g. a problem with the accounts file found at start-up. */
    public void warn(String title, String message) {
        ui.execute(() -> view.showError(title, message));
    }

    /** The user selects an account (ignored while a bot runs or for an account not offered). */
    public void selectAccount(AccountId id) {
        ui.execute(() -> {
            if (phase == Phase.IDLE && !selected.id().equals(id)) {
                config.find(id).ifPresent(account -> {
                    accountChosen = true;
                    select(account);
                    prefs.account(id);
                });
                render();
            }
        });
    }

    /** The user selects a strategy (ignored while a bot runs). */
    public void selectStrategy(String newStrategy) {
        ui.execute(() -> {
            if (phase == Phase.IDLE && config.strategies().contains(newStrategy)) {
                strategy = newStrategy;
                prefs.strategy(newStrategy);
            }
        });
    }

    /** The user chooses to change the broker user name, which is read-only until then. */
    public void changeBroker() {
        ui.execute(() -> {
            if (phase == Phase.IDLE && !brokerEditable) {
                brokerEditable = true;
                render();
                view.focus(Focus.BROKER);
            }
        });
    }

    /** Sets the broker user name the next bot trades with (ignored unless the user chose to change it). */
    public void editBroker(String newBroker) {
        ui.execute(() -> {
            if (phase == Phase.IDLE && brokerEditable) {
                broker = newBroker;
            }
        });
    }

    /** Takes the selected account and starts its bot, or shows why not. */
    public void start() {
        ui.execute(this::startOnUi);
    }

    /** Starts the bot that crashed again, on the same account, strategy and broker. */
    public void restart() {
        ui.execute(() -> {
            if (phase == Phase.IDLE && health.canRestart() && lastRun != null) {
                select(lastRun.account);
                strategy = lastRun.strategy;
                broker = lastRun.broker;
                beginStart(lastRun.account, lastRun.strategy, lastRun.broker);
            }
        });
    }

    /** Stop Bot: asks first, then asks the bot to end, kills it after the grace time, releases the lock. */
    public void stop() {
        ui.execute(this::stopOnUi);
    }

    /** The window's close button: closes at once when idle, else asks before stopping the bot. */
    public void requestClose() {
        ui.execute(this::closeOnUi);
    }

    /** Reads every lock's state again (for the table and the drop-down's marks) without disturbing any. */
    public void refresh() {
        onUi(this::refreshOnUi);
    }

    /** Shows the state again with the time now, so that uptimes and ages move on. */
    public void tick() {
        onUi(() -> {
            if (phase != Phase.CLOSED) {
                render();
            }
        });
    }

    /** The lock table's Stop: asks, naming the holder, then stops it as {@code lockctl stop} does. */
    public void stopHolder(AccountId account) {
        ui.execute(() -> overview.of(account).filter(Whereabouts::canStop).ifPresent(this::stopHolderOnUi));
    }

    /** The lock table's Clean: removes a stale lock. */
    public void clean(AccountId account) {
        ui.execute(() -> overview.of(account)
                .filter(Whereabouts::canClean)
                .ifPresent(found -> submit(lookups, () -> {
                    String outcome;
                    try {
                        Removal removal = locks.remove(account, false);
                        outcome = removal.removed()
                                ? "Removed the stale lock of account " + account + "."
                                : "Not removed: account " + account + " is "
                                        + removal.status().reason() + ".";
                    } catch (LockException e) {
                        outcome = "Cannot remove the lock of account " + account + ": " + e.getMessage();
                    }
                    String done = outcome;
                    onUi(() -> {
                        status = done;
                        render();
                        refreshOnUi();
                    });
                })));
    }

    /** Switches the theme ({@code system}, {@code light} or {@code dark}) and remembers it. */
    public void chooseTheme(String newTheme) {
        ui.execute(() -> {
            if (LauncherOptions.THEMES.contains(newTheme) && !newTheme.equals(theme)) {
                theme = newTheme;
                prefs.theme(newTheme);
                render();
            }
        });
    }

    /** The window's size and position when it was last closed on this lock directory. */
    public Optional<LauncherPrefs.Bounds> rememberedBounds() {
        return prefs.bounds();
    }

    /**
     * Remembers the window's size and position for the next start on this lock directory. Stored
     * by the JDK's preferences on their own schedule and at exit, never on the event thread.
     */
    public void rememberBounds(LauncherPrefs.Bounds bounds) {
        prefs.bounds(bounds);
    }

    /**
     * The lock was lost while the bot ran (e.g. its lock file was replaced): stops the bot, since
     * another may now take the account, and shows why. Does nothing when no bot runs.
     */
    public void lockLost(String reason) {
        ui.execute(() -> {
            if (session == null || session.lossReason != null) {
                return;
            }
            session.lossReason = reason;
            log("--- lock lost: " + reason + "; stopping the bot ---");
            if (phase == Phase.RUNNING) {
                beginStop(session);
            }
        });
    }

    /**
     * Stops the bot and releases the lock from the calling thread and waits for it, for a JVM that is
     * shutting down (e.g. on SIGTERM). Does nothing when no bot runs.
     */
    public void stopForExit() {
        Session running = live.get();
        if (running != null) {
            running.stopRequested = true;
            running.run.stop();
            try {
                running.run.end().get(stopGrace.toMillis() + 5000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The bot has exited (stop() returns only then); only the release report is missing.
            }
        }
    }

    private void select(Account account) {
        if (selected == null || !selected.id().equals(account.id())) {
            brokerEditable = false;
        }
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
                    "Enter the broker user name the bot trades with, then press Start Bot again.");
            view.focus(Focus.BROKER);
            return;
        }
        prefs.account(selected.id());
        prefs.strategy(strategy);
        beginStart(selected, strategy, user);
    }

    private void beginStart(Account account, String chosen, String user) {
        List<String> commandLine = command.expand(account, chosen, user);
        String statusBefore = status;
        BotHealth healthBefore = health;
        phase = Phase.STARTING;
        health = new BotHealth.Starting(account);
        status = "Starting the bot on " + account.name() + "...";
        render();
        submit(work, () -> startInBackground(account, chosen, user, commandLine, statusBefore, healthBefore));
    }

    /** A dialog title for a failure: a lock server's problems say so in words. */
    static String problemTitle(RuntimeException e, String otherwise) {
        if (e instanceof LockException problem) {
            return switch (problem.kind()) {
                case SERVER_UNREACHABLE -> "Cannot reach the lock server";
                case CREDENTIALS_REFUSED -> "The lock server refused the login";
                case UNUSABLE_LOCATION -> otherwise;
            };
        }
        return otherwise;
    }

    private void startInBackground(
            Account account,
            String chosen,
            String user,
            List<String> commandLine,
            String statusBefore,
            BotHealth healthBefore) {
        Acquisition attempt;
        try {
            attempt = locks.tryAcquire(account.id(), user);
        } catch (RuntimeException e) {
            // LockException, but also an I/O error reading a lock file: never leave the phase STARTING.
            onUi(() -> startFailed(
                    statusBefore, healthBefore, problemTitle(e, "Cannot take the account"), e.getMessage()));
            return;
        }
        if (attempt instanceof Acquisition.Refused refused) {
            Whereabouts holder = Whereabouts.of(refused.status(), selfPid, processes, lockServer);
            Refusal dialog = Refusal.of(refused.message(account.name()), holder, LocalDateTime.now(clock));
            onUi(() -> refused(account, chosen, user, dialog, holder, statusBefore, healthBefore));
            return;
        }
        LockHandle handle = ((Acquisition.Acquired) attempt).handle();
        BotRunner.Run run;
        try {
            run = bots.start(handle, commandLine, line -> onUi(() -> log(line)));
        } catch (IOException | RuntimeException e) {
            handle.close();
            boolean recording = e instanceof LockException || e instanceof IllegalStateException;
            String title = recording ? "Cannot record the bot in the lock" : "Cannot start the bot";
            String message = recording
                    ? e.getMessage()
                    : "The bot command could not be started:\n" + String.join(" ", commandLine) + "\n\n"
                            + e.getMessage() + "\n\nCheck bot_command in the accounts file or --bot-command.";
            onUi(() -> startFailed(statusBefore, healthBefore, title, message));
            return;
        }
        Session started = new Session(account, chosen, user, run, clock.instant());
        live.set(started);
        onUi(() -> running(started));
        // Posted after running(): the UI sees the start before the end even for a bot that dies at once.
        run.end()
                .whenComplete((end, error) -> submit(work, () -> {
                    live.compareAndSet(started, null);
                    BotRunner.End result = end != null ? end : new BotRunner.End(-1, null, String.valueOf(error));
                    onUi(() -> botEnded(started, result));
                }));
    }

    private void running(Session started) {
        session = started;
        phase = Phase.RUNNING;
        health = new BotHealth.Running(started.account, started.run.pid(), started.startedAt);
        status = "Bot running on " + started.account.name() + " (pid " + started.run.pid() + ", strategy "
                + started.strategy + ").";
        log("--- bot started on account " + started.account.id() + " (pid " + started.run.pid() + ") ---");
        render();
        refreshOnUi();
        if (closeWhenStopped) {
            beginStop(started);
        } else {
            view.focus(Focus.STOP);
        }
    }

    private void refused(
            Account account,
            String chosen,
            String user,
            Refusal dialog,
            Whereabouts holder,
            String statusBefore,
            BotHealth healthBefore) {
        phase = Phase.IDLE;
        status = statusBefore;
        health = healthBefore;
        render();
        refreshOnUi();
        if (closeWhenStopped) {
            finish();
            return;
        }
        Refusal.Choice choice = view.showRefusal(dialog);
        if (phase != Phase.IDLE) {
            return; // something else started while the dialog was open
        }
        if (choice == Refusal.Choice.STOP_OTHER && dialog.canStopOther()) {
            confirmStopOther(account, chosen, user, holder);
        } else {
            if (choice == Refusal.Choice.CHOOSE_ANOTHER) {
                firstFree(account.id())
                        .ifPresentOrElse(this::select, () -> status = "No other account is free right now.");
                render();
            }
            view.focus(Focus.ACCOUNTS);
        }
    }

    private void confirmStopOther(Account account, String chosen, String user, Whereabouts holder) {
        if (!view.ask(Questions.stopHolder(account, holder, now(), true)) || phase != Phase.IDLE) {
            view.focus(Focus.ACCOUNTS);
            return;
        }
        BotHealth healthBefore = health;
        String statusBefore = status;
        long pid = holder.target();
        phase = Phase.STOPPING_OTHER;
        health = new BotHealth.StoppingOther(account, pid, clock.instant());
        status = "Asked " + holder.label() + " (pid " + pid + ") to stop; this bot starts on " + account.name()
                + " as soon as the account is free.";
        render();
        submit(admin, () -> {
            HolderStop.Outcome outcome = holderStop.stop(account.id());
            onUi(() -> otherStopped(account, chosen, user, outcome, statusBefore, healthBefore));
        });
    }

    private void otherStopped(
            Account account,
            String chosen,
            String user,
            HolderStop.Outcome outcome,
            String statusBefore,
            BotHealth healthBefore) {
        if (phase != Phase.STOPPING_OTHER) {
            return; // closed meanwhile
        }
        refreshOnUi();
        phase = Phase.IDLE;
        health = healthBefore;
        status = statusBefore;
        if (outcome.released()) {
            log("--- " + outcome.message() + " ---");
            beginStart(account, chosen, user);
            return;
        }
        render();
        view.showError("Cannot stop the other bot", outcome.message());
        view.focus(Focus.ACCOUNTS);
    }

    private void stopHolderOnUi(Whereabouts holder) {
        if (holder.place() == Place.THIS_WINDOW) {
            stopOnUi();
            return;
        }
        Account account = config.find(holder.status().account())
                .orElse(new Account(
                        holder.status().account(), holder.status().account().value(), ""));
        if (!view.ask(Questions.stopHolder(account, holder, now(), false))) {
            return;
        }
        status = "Asked " + holder.label() + " on " + account.name() + " to stop...";
        render();
        submit(admin, () -> {
            HolderStop.Outcome outcome = holderStop.stop(account.id());
            onUi(() -> {
                status = outcome.message();
                render();
                refreshOnUi();
                if (!outcome.released()) {
                    view.showError("Cannot stop the other bot", outcome.message());
                }
            });
        });
    }

    private void startFailed(String statusBefore, BotHealth healthBefore, String title, String message) {
        phase = Phase.IDLE;
        status = statusBefore;
        health = healthBefore;
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
        boolean stop = view.ask(Questions.stopBot(running.account, running.run.pid(), stopGrace));
        if (stop && phase == Phase.RUNNING && session == running) {
            beginStop(running);
        } else if (phase == Phase.RUNNING) {
            view.focus(Focus.STOP);
        }
    }

    private void beginStop(Session running) {
        phase = Phase.STOPPING;
        health = new BotHealth.Stopping(running.account, clock.instant());
        status = "Stopping the bot on " + running.account.name() + "...";
        render();
        submit(work, () -> {
            running.stopRequested = true;
            running.run.stop();
            // The end is shown by botEnded(), which the run's end triggers.
        });
    }

    private void botEnded(Session finished, BotRunner.End end) {
        session = null;
        lastRun = finished;
        phase = Phase.IDLE;
        Instant at = clock.instant();
        Duration ranFor = Duration.between(finished.startedAt, at);
        String name = finished.account.name();
        String loss = end.lockLoss() != null ? end.lockLoss() : finished.lossReason;
        int code = end.exitCode();
        log("--- bot exited with code " + code + " ---");
        if (loss != null) {
            health = new BotHealth.LockLost(finished.account, at, loss);
            status = "The lock on " + name + " was lost (" + loss + "), so the bot was stopped: "
                    + "another bot may take the account now.";
        } else if (finished.stopRequested) {
            health = new BotHealth.Stopped(finished.account, at, ranFor, code, true);
            status = "Bot stopped; account " + name + " released.";
        } else if (code == 0) {
            health = new BotHealth.Stopped(finished.account, at, ranFor, code, false);
            status = "The bot on " + name + " exited on its own with code 0; account released.";
        } else {
            health = new BotHealth.Crashed(finished.account, at, ranFor, code);
            status = "The bot on " + name + " exited on its own with code " + code
                    + " (it failed or crashed); account released.";
        }
        if (end.releaseProblem() != null) {
            status += " Releasing the lock failed: " + end.releaseProblem();
        }
        render();
        refreshOnUi();
        if (closeWhenStopped) {
            finish();
        } else {
            view.focus(Focus.START);
        }
    }

    private void closeOnUi() {
        if (phase == Phase.CLOSED || view == null) {
            return;
        }
        if (phase == Phase.IDLE || phase == Phase.STOPPING_OTHER) {
            finish();
            return;
        }
        boolean close = view.ask(Questions.close(session != null ? session.account : selected));
        if (phase == Phase.CLOSED) {
            return;
        }
        if (!close) {
            view.focus(phase == Phase.RUNNING ? Focus.STOP : Focus.START);
            return;
        }
        if (phase == Phase.IDLE) {
            finish();
            return;
        }
        closeWhenStopped = true;
        if (phase == Phase.RUNNING) {
            beginStop(session);
        }
    }

    private void finish() {
        phase = Phase.CLOSED;
        render();
        if (watch != null) {
            watch.close();
        }
        work.shutdown();
        lookups.shutdown();
        admin.shutdownNow();
        view.close();
    }

    private void refreshOnUi() {
        if (phase == Phase.CLOSED) {
            return;
        }
        if (refreshing) {
            refreshAgain = true; // a change seen during a read must not be lost
            return;
        }
        refreshing = true;
        // Only list() is used: it inspects this launcher's own lock through the backend, which never
        // opens the lock file a second time (that would drop our POSIX lock).
        submit(lookups, () -> {
            List<Whereabouts> found = null;
            String problem = null;
            try {
                found = new ArrayList<>();
                for (LockStatus lock : locks.list()) {
                    found.add(Whereabouts.of(lock, selfPid, processes, lockServer));
                }
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            List<Whereabouts> result = found;
            String error = problem;
            onUi(() -> locksRead(result, error));
        });
    }

    private void locksRead(List<Whereabouts> found, String problem) {
        refreshing = false;
        if (problem != null) {
            status = "Cannot read the locks in " + locks.location() + ": " + problem;
        } else {
            overview = new LockOverview(found);
            if (watch != null) {
                watch.watchExits(overview.processesToWatch());
            }
            if (!locksRead && !accountChosen && phase == Phase.IDLE && overview.blocks(selected.id())) {
                firstFree(null).ifPresent(this::select);
            }
            locksRead = true;
        }
        if (phase == Phase.CLOSED) {
            return;
        }
        render();
        if (refreshAgain) {
            refreshAgain = false;
            refreshOnUi();
        }
    }

    /** The first account nobody holds (and not this window's, nor {@code except}). */
    private Optional<Account> firstFree(AccountId except) {
        List<AccountId> taken = new ArrayList<>();
        if (except != null) {
            taken.add(except);
        }
        if (session != null) {
            taken.add(session.account.id());
        }
        return overview.firstFree(config.accounts(), taken);
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

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    private LauncherState state() {
        List<AccountChoice> choices = new ArrayList<>();
        for (Account account : config.accounts()) {
            choices.add(new AccountChoice(account, usage(account.id())));
        }
        return new LauncherState(
                phase,
                health,
                clock.instant(),
                clock.getZone(),
                choices,
                selected.id(),
                config.strategies(),
                strategy,
                broker == null ? "" : broker,
                brokerEditable,
                status,
                overview.rows(config, now()),
                locks.location(),
                theme);
    }

    private String usage(AccountId id) {
        if (session != null && session.account.id().equals(id)) {
            return "running here";
        }
        return overview.blocks(id) ? "in use" : "";
    }

    private void onUi(Runnable task) {
        try {
            ui.execute(task);
        } catch (RejectedExecutionException e) {
            // The UI is gone (shutting down): there is nothing left to show.
        }
    }

    private static void submit(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // closing: finish the release on this thread rather than drop it
        }
    }

    private static ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A bot this launcher started, with how it runs. */
    private static final class Session {
        final Account account;
        final String strategy;
        final String broker;
        final BotRunner.Run run;
        final Instant startedAt;
        volatile boolean stopRequested;
        /** Set on the UI thread when the lock was lost while the bot ran. */
        String lossReason;

        Session(Account account, String strategy, String broker, BotRunner.Run run, Instant startedAt) {
            this.account = account;
            this.strategy = strategy;
            this.broker = broker;
            this.run = run;
            this.startedAt = startedAt;
        }
    }

    /** The presenter's collaborators and settings; only the locks, the accounts and the UI are required. */
    public static final class Builder {
        private final AccountLocks locks;
        private final AccountsConfig config;
        private final Executor ui;
        private String brokerOverride;
        private Duration stopGrace = Duration.ofSeconds(10);
        private Duration holderStopTimeout = Duration.ofSeconds(30);
        private Clock clock = Clock.systemDefaultZone();
        private LauncherPrefs prefs;
        private HolderProcesses processes = HolderProcesses.system();
        private BotRunner bots;
        private AccountId account;
        private String theme;
        private Path watchedDirectory;
        private Duration poll = Duration.ofSeconds(10);
        private boolean lockServer;

        private Builder(AccountLocks locks, AccountsConfig config, Executor ui) {
            this.locks = Objects.requireNonNull(locks, "locks");
            this.config = Objects.requireNonNull(config, "config");
            this.ui = Objects.requireNonNull(ui, "ui");
        }

        /**
         * Whether the locks are shared with other computers through a lock server: Stop then also asks a
         * holder on another computer, through the server.
         */
        public Builder lockServer(boolean shared) {
            this.lockServer = shared;
            return this;
        }

        /** The broker user name for every account ({@code --broker}); default: each account's own. */
        public Builder brokerOverride(String broker) {
            this.brokerOverride = broker;
            return this;
        }

        /** How long Stop waits for a bot to end after asking it, before killing it (default 10 s). */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = Objects.requireNonNull(grace, "grace");
            return this;
        }

        /** How long stopping another holder waits for its release (default 30 s). */
        public Builder holderStopTimeout(Duration timeout) {
            this.holderStopTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The clock for every time shown (default: the system clock). */
        public Builder clock(Clock newClock) {
            this.clock = Objects.requireNonNull(newClock, "clock");
            return this;
        }

        /** Where the last account, strategy, theme and window bounds are kept (default: per lock location). */
        public Builder prefs(LauncherPrefs newPrefs) {
            this.prefs = Objects.requireNonNull(newPrefs, "prefs");
            return this;
        }

        /** Answers about processes on this computer (default: the OS). */
        public Builder processes(HolderProcesses newProcesses) {
            this.processes = Objects.requireNonNull(newProcesses, "processes");
            return this;
        }

        Builder bots(BotRunner runner) {
            this.bots = Objects.requireNonNull(runner, "runner");
            return this;
        }

        /** The account to preselect ({@code --account}), kept even when it is in use. */
        public Builder account(AccountId requested) {
            this.account = requested;
            return this;
        }

        /** The theme given on the command line, or {@code null} for the one remembered. */
        public Builder theme(String chosen) {
            this.theme = chosen;
            return this;
        }

        /**
         * Watches this lock directory for changes, and reads the locks every {@code slowPoll} besides
         * (default: no directory, every 10 s).
         */
        public Builder watch(Path directory, Duration slowPoll) {
            this.watchedDirectory = directory;
            this.poll = Objects.requireNonNull(slowPoll, "slowPoll");
            return this;
        }

        public LauncherPresenter build() {
            if (prefs == null) {
                prefs = LauncherPrefs.forLocation(locks.location());
            }
            return new LauncherPresenter(this);
        }
    }
}
