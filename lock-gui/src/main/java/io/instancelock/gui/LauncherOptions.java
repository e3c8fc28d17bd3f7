package io.instancelock.gui;

import io.instancelock.core.AccountId;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The launcher's command-line options.
 *
 * @param lockDir the lock directory: {@code --lock-dir}, else {@code $LOCKCTL_DIR}, else {@code ./locks}
 * @param accountsFile {@code --accounts FILE}, or {@code null} to look for {@code accounts.json}
 * @param account {@code --account ID} to preselect, or {@code null}
 * @param start {@code --start}: start the bot at once
 * @param broker {@code --broker USER} for every account, or {@code null} for each account's own
 * @param botCommand {@code --bot-command}, or {@code null} for the accounts file's or the demo bot
 * @param theme {@code --theme}: {@code system} (follow the OS), {@code light} or {@code dark}; {@code null}
 *     when not given (the theme last chosen for this lock directory, else {@code system})
 * @param help {@code --help}
 * @param server {@code --server URL}, else {@code $LOCKCTL_SERVER}, or {@code null} (the accounts file's
 *     {@code "server"}, else this computer only)
 */
public record LauncherOptions(
        Path lockDir,
        Path accountsFile,
        AccountId account,
        boolean start,
        String broker,
        BotCommand botCommand,
        String theme,
        boolean help,
        String server) {

    /** The themes {@code --theme} accepts. */
    public static final List<String> THEMES = List.of("system", "light", "dark");

    /** The environment variable naming the lock directory, shared with lockctl. */
    public static final String LOCK_DIR_VARIABLE = "LOCKCTL_DIR";

    /** The environment variable naming the lock server, shared with lockctl. */
    public static final String SERVER_VARIABLE = "LOCKCTL_SERVER";

    /** The help text. */
    public static final String USAGE = """
            usage: launcher [--lock-dir DIR] [--server URL] [--accounts FILE] [--account ID] [--start]
                            [--broker USER] [--bot-command COMMAND] [--theme system|light|dark] [--help]
              --lock-dir DIR         where the account locks live (default: $LOCKCTL_DIR, else ./locks)
              --server URL           a lock server shared with other computers, e.g.
                                     postgresql://bots@db.example.com/locks (default: $LOCKCTL_SERVER,
                                     else the accounts file's "server", else this computer only)
              --accounts FILE        accounts JSON file (default: ./accounts.json, else 3 demo accounts)
              --account ID           preselect this account
              --start                start the bot on the preselected account at once
              --broker USER          broker user name for every account (default: each account's own)
              --bot-command COMMAND  the bot to start, with {account_id}, {strategy}, {broker_username}
                                     (default: the accounts file's bot_command, else the demo bot)
              --theme THEME          system (follow the OS), light or dark
                                     (default: the last one chosen in the window, else system)
            """;

    /** A command line that cannot be used; the message says what is wrong and how to fix it. */
    public static final class UsageError extends Exception {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** Parses the arguments; {@code env} supplies {@value #LOCK_DIR_VARIABLE}. */
    public static LauncherOptions parse(String[] args, Map<String, String> env) throws UsageError {
        String envDir = env.get(LOCK_DIR_VARIABLE);
        Path lockDir = envDir != null && !envDir.isBlank() ? Path.of(envDir) : Path.of("locks");
        Path accounts = null;
        AccountId account = null;
        boolean start = false;
        String broker = null;
        BotCommand bot = null;
        String theme = null;
        boolean help = false;
        String envServer = env.get(SERVER_VARIABLE);
        String server = envServer != null && !envServer.isBlank() ? envServer.trim() : null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String inline = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : null;
            switch (name) {
                case "--start" -> start = true;
                case "--help", "-h" -> help = true;
                case "--lock-dir", "--server", "--accounts", "--account", "--broker", "--bot-command", "--theme" -> {
                    String value = inline;
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageError(name + " needs a value, e.g. " + name + " " + example(name));
                        }
                        value = args[++i];
                    }
                    switch (name) {
                        case "--lock-dir" -> lockDir = Path.of(nonBlank(name, value));
                        case "--server" -> server = nonBlank(name, value).trim();
                        case "--accounts" -> accounts = Path.of(nonBlank(name, value));
                        case "--account" -> account = accountId(value);
                        case "--broker" -> broker = nonBlank(name, value);
                        case "--bot-command" -> bot = botCommand(value);
                        default -> theme = theme(value);
                    }
                }
                default -> throw new UsageError("unknown option '" + arg + "'; see --help for the options");
            }
        }
        if (start && account == null) {
            throw new UsageError("--start needs --account ID to say which account to start");
        }
        return new LauncherOptions(lockDir, accounts, account, start, broker, bot, theme, help, server);
    }

    private static String nonBlank(String name, String value) throws UsageError {
        if (value.isBlank()) {
            throw new UsageError(name + " must not be empty, e.g. " + name + " " + example(name));
        }
        return value;
    }

    private static AccountId accountId(String value) throws UsageError {
        try {
            return AccountId.of(value);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--account: " + e.getMessage());
        }
    }

    private static BotCommand botCommand(String value) throws UsageError {
        try {
            return BotCommand.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--bot-command: " + e.getMessage());
        }
    }

    private static String theme(String value) throws UsageError {
        if (!THEMES.contains(value)) {
            throw new UsageError("--theme must be system, light or dark, not '" + value + "'");
        }
        return value;
    }

    private static String example(String name) {
        return switch (name) {
            case "--lock-dir" -> "locks";
            case "--server" -> "postgresql://bots@db.example.com/locks";
            case "--accounts" -> "accounts.json";
            case "--account" -> "123456";
            case "--broker" -> "john_topstep";
            case "--bot-command" -> "\"python3 bot.py {account_id} {strategy}\"";
            default -> "dark";
        };
    }
}
