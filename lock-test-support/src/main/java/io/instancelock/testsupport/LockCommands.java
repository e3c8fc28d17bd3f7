package io.instancelock.testsupport;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The main class of a child JVM that plays another process for {@link AccountLocksContract}: it opens
 * the location given as its argument and answers one command per line on standard input with one
 * line on standard output.
 *
 * <ul>
 *   <li>{@code hold ID BROKER}: take the account and keep it; {@code held} or {@code refused}
 *   <li>{@code release ID}: release it; {@code released}
 *   <li>{@code try ID}: take it and let it go at once; {@code acquired} or {@code refused}
 *   <li>{@code steal ID DIR}: delete the directory DIR, then take the account at once and keep it, as
 *       a second launcher that starts right after a user deleted the lock directory would
 * </ul>
 */
public final class LockCommands {

    private LockCommands() {}

    public static void main(String[] args) throws IOException {
        Map<String, LockHandle> held = new HashMap<>();
        try (AccountLocks locks = AccountLocks.open(args[0], Clock.systemDefaultZone());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ready");
            String line;
            while ((line = in.readLine()) != null) {
                String[] words = line.trim().split(" ");
                AccountId account = AccountId.of(words[1]);
                String answer = switch (words[0]) {
                    case "hold" -> hold(locks, account, words[2], held);
                    case "release" -> {
                        LockHandle lock = held.remove(account.value());
                        if (lock != null) {
                            lock.close();
                        }
                        yield "released";
                    }
                    case "try" -> {
                        Acquisition attempt = locks.tryAcquire(account, "try");
                        if (attempt instanceof Acquisition.Acquired acquired) {
                            acquired.handle().close();
                            yield "acquired";
                        }
                        yield "refused";
                    }
                    case "steal" -> {
                        deleteTree(Path.of(words[2]));
                        yield hold(locks, account, "thief", held);
                    }
                    default -> "unknown command " + words[0];
                };
                System.out.println(answer);
            }
        }
    }

    private static String hold(AccountLocks locks, AccountId account, String broker, Map<String, LockHandle> held) {
        Acquisition attempt = locks.tryAcquire(account, broker);
        if (attempt instanceof Acquisition.Acquired acquired) {
            held.put(account.value(), acquired.handle());
            return "held";
        }
        return "refused";
    }

    /** Deletes as {@code rm -rf} does, again when a holder restores a file while it runs. */
    private static void deleteTree(Path dir) throws IOException {
        for (int attempt = 0; Files.exists(dir); attempt++) {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException | java.io.UncheckedIOException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }
}
