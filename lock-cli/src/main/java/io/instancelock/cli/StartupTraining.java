package io.instancelock.cli;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The commands whose classes go into lockctl's start-up archive, run once in a JVM that records what
 * it loads: {@code status} and {@code list} (free, held and stale accounts, as text and JSON) the way
 * {@code main} runs them, and {@code run ACCOUNT -- COMMAND} as {@code main} runs it and through picocli. Their output is
 * discarded; usage: {@code StartupTraining DIR [quick]} (DIR: a scratch directory; {@code quick}: only
 * {@code status} and {@code list}).
 */
public final class StartupTraining {

    static final String QUICK = "quick";

    private StartupTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Map<String, String> environment = Map.of();
        String locks = Files.createDirectories(dir.resolve("locks")).toString();
        PrintStream discard = new PrintStream(OutputStream.nullOutputStream(), true);
        System.setOut(discard);
        System.setErr(discard);
        Files.writeString(
                Path.of(locks, "account_2.lock"),
                "{\"account_id\": \"2\", \"pid\": 1, \"created_at\": \"2025-11-09T14:30:00\", "
                        + "\"broker_username\": \"training\", \"hostname\": \"localhost\", \"writer\": "
                        + "\"instance-lock\"}");
        if (args.length > 1 && args[1].equals(QUICK)) {
            for (String[] command : new String[][] {
                {"--dir", locks, "status", "1"},
                {"--dir", locks, "status", "--json", "2"},
                {"--dir", locks, "list"},
                {"--dir", locks, "list", "--json"},
            }) {
                QuickCommands.run(command, environment);
            }
            return;
        }
        try (AccountLocks held = AccountLocks.open(Path.of(locks))) {
            Acquisition taken = held.tryAcquire(AccountId.of("3"), "training");
            for (String[] command : new String[][] {
                {"--dir", locks, "status", "1"},
                {"--dir", locks, "status", "2"},
                {"--dir", locks, "status", "--json", "3"},
                {"--dir", locks, "list"},
                {"--dir", locks, "list", "--json"},
            }) {
                QuickCommands.run(command, environment);
            }
            if (taken instanceof Acquisition.Acquired acquired) {
                acquired.handle().close();
            }
        }
        QuickCommands.run(new String[] {"--dir", locks, "run", "5", "--", javaCommand(), "-version"}, environment);
        Lockctl.commandLine(environment)
                .setOut(new PrintWriter(discard, true))
                .setErr(new PrintWriter(discard, true))
                .execute("--dir", locks, "run", "4", "--", javaCommand(), "-version");
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
