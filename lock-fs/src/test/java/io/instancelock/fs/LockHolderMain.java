package io.instancelock.fs;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockHandle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A lock holder in its own JVM, for cross-process tests. Usage: {@code DIR ACCOUNT [-- BOT COMMAND...]}.
 * Prints {@code ACQUIRED}, or {@code REFUSED} and exits 75. Then obeys lines on stdin: {@code release}
 * closes the handle, {@code exit} exits normally with the lock still held, {@code list} lists,
 * {@code wait ACCOUNT MILLIS} waits that long for a second account (printing {@code WAITED ...}).
 */
public final class LockHolderMain {

    public static void main(String[] args) throws Exception {
        AccountLocks locks = AccountLocks.open(Path.of(args[0]));
        AccountId account = AccountId.of(args[1]);
        Acquisition attempt = locks.tryAcquire(account, "child_broker");
        if (attempt instanceof Acquisition.Refused refused) {
            System.out.println("REFUSED " + refused.status().state() + " "
                    + refused.status().reason());
            System.out.println(refused.message().replace('\n', '|'));
            System.exit(75);
        }
        LockHandle lock = ((Acquisition.Acquired) attempt).handle();
        System.out.println("ACQUIRED " + ProcessHandle.current().pid());
        List<String> bot = Arrays.asList(args).subList(Math.min(args.length, 3), args.length);
        if (!bot.isEmpty()) {
            Process process = new ProcessBuilder(bot).inheritIO().start();
            lock.recordBot(BotProcess.of(process.toHandle()));
            System.out.println("BOT " + process.pid());
        }
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            switch (line) {
                case "release" -> {
                    lock.close();
                    System.out.println("RELEASED");
                }
                case "exit" -> System.exit(0);
                case "exit-with-hook" -> {
                    // A bot's own shutdown hook, still trading while the JVM shuts down: it ends when told.
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        System.out.println("HOOK RUNNING " + lock.isHeld());
                        try {
                            stdin.readLine();
                        } catch (java.io.IOException ignored) {
                            // stdin closed: end the hook
                        }
                    }));
                    System.exit(0);
                }
                case "list" -> System.out.println("LIST " + locks.list().size());
                default -> {
                    if (!line.startsWith("wait ")) {
                        System.out.println("UNKNOWN COMMAND " + line);
                        continue;
                    }
                    // wait ACCOUNT MILLIS: a second account, taken with a timeout while the first stays held
                    String[] words = line.split(" ");
                    try {
                        Acquisition waited = locks.tryAcquire(
                                AccountId.of(words[1]),
                                "child_broker",
                                java.time.Duration.ofMillis(Long.parseLong(words[2])));
                        System.out.println("WAITED " + (waited.acquired() ? "ACQUIRED" : "REFUSED"));
                    } catch (RuntimeException e) {
                        System.out.println("WAITED FAILED " + e.getMessage());
                    }
                }
            }
        }
    }
}
