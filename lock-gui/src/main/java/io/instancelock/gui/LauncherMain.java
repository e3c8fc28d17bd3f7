package io.instancelock.gui;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockException;
import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.swing.JOptionPane;
import javax.swing.SwingUtilities;

/** Starts the launcher: options, accounts, look and feel, then the window on the event thread. */
public final class LauncherMain {

    /** How long Stop Bot waits for a bot to end after asking it, before killing it. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** How often the locks are read when no change was noticed: a fallback for the directory watch. */
    static final Duration SLOW_POLL = Duration.ofSeconds(10);

    private LauncherMain() {}

    public static void main(String[] args) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(args, System.getenv());
        } catch (LauncherOptions.UsageError e) {
            fail(2, "Invalid command line", "launcher: " + e.getMessage() + "\n\n" + LauncherOptions.USAGE);
            return;
        }
        if (options.help()) {
            System.out.print(LauncherOptions.USAGE);
            return;
        }
        if (GraphicsEnvironment.isHeadless()) {
            fail(
                    1,
                    "",
                    "launcher: no display available (java.awt.headless is set or DISPLAY is empty); "
                            + "run it on a desktop, or under xvfb-run");
            return;
        }
        String problem = null;
        AccountsConfig config = AccountsConfig.demo();
        Path file = options.accountsFile() != null ? options.accountsFile() : Path.of("accounts.json");
        if (options.accountsFile() != null || Files.exists(file)) {
            try {
                config = AccountsFile.read(file);
            } catch (AccountsFile.Problem e) {
                problem = "The accounts could not be read:\n" + e.getMessage()
                        + "\n\nThe launcher offers the built-in demo accounts instead. Fix the file and start it again.";
            }
        }
        config = withRequestedAccount(config, options);
        if (options.botCommand() != null) {
            config = config.withBotCommand(options.botCommand());
        }
        AccountLocks locks;
        Path lockDir = options.lockDir().toAbsolutePath().normalize();
        String server = options.server() != null ? options.server() : config.server();
        try {
            locks = server == null ? AccountLocks.open(lockDir) : AccountLocks.open(lockDir, server);
        } catch (LockException e) {
            Theme.install(options.theme() != null ? options.theme() : "system");
            fail(1, LauncherPresenter.problemTitle(e, "Cannot use the lock directory"), "launcher: " + e.getMessage());
            return;
        }
        LauncherPrefs prefs = LauncherPrefs.forLocation(locks.location());
        Theme.install(options.theme() != null ? options.theme() : prefs.theme().orElse("system"));
        LauncherPresenter presenter = LauncherPresenter.builder(locks, config, SwingUtilities::invokeLater)
                .brokerOverride(options.broker())
                .stopGrace(STOP_GRACE)
                .prefs(prefs)
                .account(options.account())
                .theme(options.theme())
                .watch(lockDir, SLOW_POLL)
                .lockServer(server != null)
                .build();
        // SIGTERM or logout: stop the bot and release its lock before the JVM goes.
        Runtime.getRuntime().addShutdownHook(new Thread(presenter::stopForExit, "launcher-stop-bot"));
        String accountsProblem = problem;
        SwingUtilities.invokeLater(() -> {
            LauncherFrame frame = new LauncherFrame(presenter, () -> {
                locks.close();
                System.exit(0);
            });
            presenter.attach(StateReport.around(frame));
            frame.open();
            if (accountsProblem != null) {
                presenter.warn("Accounts file problem", accountsProblem);
            }
            if (options.start()) {
                presenter.start();
            }
        });
    }

    /** Adds the account named by --account when the accounts list does not have it. */
    private static AccountsConfig withRequestedAccount(AccountsConfig config, LauncherOptions options) {
        if (options.account() == null || config.find(options.account()).isPresent()) {
            return config;
        }
        List<Account> accounts = new ArrayList<>(config.accounts());
        String broker = options.broker() != null
                ? options.broker()
                : config.accounts().get(0).brokerUsername();
        accounts.add(new Account(options.account(), options.account().value(), broker));
        return new AccountsConfig(accounts, config.strategies(), config.botCommand(), config.source(), config.server());
    }

    private static void fail(int exitCode, String title, String message) {
        System.err.println(message);
        if (!title.isEmpty() && !GraphicsEnvironment.isHeadless()) {
            JOptionPane.showMessageDialog(null, message, title, JOptionPane.ERROR_MESSAGE);
        }
        System.exit(exitCode);
    }
}
