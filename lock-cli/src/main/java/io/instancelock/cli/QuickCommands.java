package io.instancelock.cli;

import io.instancelock.core.AccountId;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs {@code status}, {@code list} and {@code run}, the commands that scripts call most, without
 * picocli when their arguments are plain: building picocli's model of the commands takes several times longer than the
 * command itself. The same code as the picocli commands prints the result.
 *
 * <p>Plain means only {@code --dir DIR} (or {@code --dir=DIR}), {@code --verbose}, the command, its
 * {@code --json} and, for {@code status}, one valid account id, each at most once; for {@code run},
 * {@code [--wait D] [--broker U] [--name N] ACCOUNT -- COMMAND...}. Anything else (help,
 * a version request, an unknown or repeated option, an invalid account id, an {@code @file}, a future
 * option, {@code --server}) is left to picocli, which gives the full behaviour and its messages. A
 * server named by {@code $LOCKCTL_SERVER} is used here as there.
 */
final class QuickCommands {

    /**
     * What plain arguments ask for.
     *
     * @param runArguments for {@code run}: its wait, broker, name and COMMAND (the account is {@code account}),
     *     else {@code null}
     */
    record Request(
            String command, Path dir, AccountId account, boolean json, boolean verbose, RunArguments runArguments) {

        /** Runs the command as its picocli class does and returns the exit code. */
        int run(Map<String, String> environment, PrintWriter out, PrintWriter err) {
            try {
                Path directory = Lockctl.lockDirectory(dir, environment);
                String server = Lockctl.serverUrl(null, environment);
                if (command.equals("run")) {
                    return new Run(
                                    account,
                                    runArguments.waitTime(),
                                    runArguments.broker(),
                                    runArguments.name(),
                                    runArguments.command(),
                                    err)
                            .execute(() -> Lockctl.openLocks(directory, server));
                }
                return command.equals("status")
                        ? StatusCommand.report(Lockctl.openLocks(directory, server), account, json, out)
                        : ListCommand.report(Lockctl.openLocks(directory, server), directory, json, out);
            } catch (Exception e) {
                return ErrorHandlers.report(e, err, verbose);
            } finally {
                out.flush();
            }
        }
    }

    /** The options and COMMAND of a plain {@code run}. */
    record RunArguments(Converters.WaitTime waitTime, String broker, String name, List<String> command) {}

    private QuickCommands() {}

    /** Runs the command and returns its exit code; empty when picocli must handle the arguments. */
    static OptionalInt run(String[] args, Map<String, String> environment) {
        Request request = parse(args);
        if (request == null) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(request.run(
                environment, writer(System.out, "sun.stdout.encoding"), writer(System.err, "sun.stderr.encoding")));
    }

    /** The request, or null when the arguments are not plain. */
    static Request parse(String[] args) {
        String command = null;
        String dir = null;
        String account = null;
        boolean json = false;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("@")) {
                return null; // picocli reads arguments from that file
            } else if (arg.equals("--dir") || arg.startsWith("--dir=")) {
                String value = arg.equals("--dir") ? (++i < args.length ? args[i] : null) : arg.substring(6);
                if (dir != null || value == null || value.isEmpty() || value.startsWith("-") || value.startsWith("@")) {
                    return null;
                }
                dir = value;
            } else if (arg.equals("--verbose")) {
                if (verbose) {
                    return null;
                }
                verbose = true;
            } else if (arg.equals("--json")) {
                if (command == null || json) {
                    return null;
                }
                json = true;
            } else if (arg.startsWith("-")) {
                return null;
            } else if (command == null) {
                if (arg.equals("run")) {
                    return parseRun(args, i + 1, dir, verbose);
                }
                if (!arg.equals("status") && !arg.equals("list")) {
                    return null;
                }
                command = arg;
            } else if (command.equals("status") && account == null) {
                account = arg;
            } else {
                return null;
            }
        }
        if (command == null || (command.equals("status") && account == null)) {
            return null;
        }
        try {
            return new Request(
                    command,
                    dir == null ? null : Path.of(dir),
                    account == null ? null : AccountId.of(account),
                    json,
                    verbose,
                    null);
        } catch (IllegalArgumentException e) {
            return null; // an invalid account id or path: picocli's message says what is wrong
        }
    }

    /**
     * A plain {@code run}: {@code [--wait D] [--broker U] [--name N] ACCOUNT -- COMMAND...}, each
     * option at most once, in either spelling ({@code --wait 5s}, {@code --wait=5s}), before the account;
     * null for anything else (help, an option after the account, no {@code --}, a bad value).
     */
    private static Request parseRun(String[] args, int from, String dir, boolean verbose) {
        Map<String, String> options = new java.util.HashMap<>();
        int i = from;
        for (; i < args.length && args[i].startsWith("--") && !args[i].equals("--"); i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (!name.equals("--wait") && !name.equals("--broker") && !name.equals("--name")) {
                return null;
            }
            String value = equals > 0 ? arg.substring(equals + 1) : (++i < args.length ? args[i] : null);
            if (value == null || value.startsWith("-") || value.startsWith("@") || options.put(name, value) != null) {
                return null;
            }
        }
        if (i + 2 >= args.length || !args[i + 1].equals("--") || args[i].startsWith("-") || args[i].startsWith("@")) {
            return null;
        }
        Converters.WaitTime wait = null;
        if (options.containsKey("--wait")) {
            String value = options.get("--wait");
            if (value.equalsIgnoreCase("forever")) {
                wait = Converters.WaitTime.FOREVER;
            } else {
                java.util.Optional<java.time.Duration> limit = Converters.parse(value);
                if (limit.isEmpty()) {
                    return null; // picocli's message names the forms
                }
                wait = new Converters.WaitTime(limit.get());
            }
        }
        try {
            return new Request(
                    "run",
                    dir == null ? null : Path.of(dir),
                    AccountId.of(args[i]),
                    false,
                    verbose,
                    new RunArguments(
                            wait,
                            options.get("--broker"),
                            options.get("--name"),
                            List.of(args).subList(i + 2, args.length)));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A writer like the one picocli makes for the same stream. */
    private static PrintWriter writer(OutputStream stream, String encodingProperty) {
        String encoding = System.getProperty(encodingProperty);
        Charset charset;
        try {
            charset = encoding == null
                    ? Charset.defaultCharset()
                    : Charset.forName(encoding.equalsIgnoreCase("cp65001") ? "UTF-8" : encoding);
        } catch (IllegalArgumentException e) {
            charset = Charset.defaultCharset();
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }
}
