package io.instancelock.cli;

import io.instancelock.core.AccountId;
import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Runs {@code status} and {@code list}, the commands that scripts call most, without picocli when their
 * arguments are plain: building picocli's model of the commands takes several times longer than the
 * command itself. The same code as the picocli commands prints the result.
 *
 * <p>Plain means only {@code --dir DIR} (or {@code --dir=DIR}), {@code --verbose}, the command, its
 * {@code --json} and, for {@code status}, one valid account id, each at most once. Anything else (help,
 * a version request, an unknown or repeated option, an invalid account id, an {@code @file}, a future
 * option, {@code --server}) is left to picocli, which gives the full behaviour and its messages. A
 * server named by {@code $LOCKCTL_SERVER} is used here as there.
 */
final class QuickCommands {

    /** What plain arguments ask for. */
    record Request(String command, Path dir, AccountId account, boolean json, boolean verbose) {

        /** Runs the command as its picocli class does and returns the exit code. */
        int run(Map<String, String> environment, PrintWriter out, PrintWriter err) {
            try {
                Path directory = Lockctl.lockDirectory(dir, environment);
                String server = Lockctl.serverUrl(null, environment);
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
                    verbose);
        } catch (IllegalArgumentException e) {
            return null; // an invalid account id or path: picocli's message says what is wrong
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
