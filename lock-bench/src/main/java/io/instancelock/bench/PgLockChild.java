package io.instancelock.bench;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * A child process on a lock server (its URL the argument), for {@link PgBench}: {@code take ID},
 * {@code wait ID} (answers {@code waiting}, then {@code acquired NANOTIME} once it holds the account),
 * {@code release ID} ({@code released NANOTIME}, read just before the release), {@code quit}.
 */
public final class PgLockChild {

    private PgLockChild() {}

    public static void main(String[] args) throws Exception {
        LockHandle[] held = new LockHandle[1];
        try (AccountLocks locks = AccountLocks.open(args[0], Clock.systemDefaultZone());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] words = line.split(" ");
                switch (words[0]) {
                    case "take" -> {
                        Acquisition attempt = locks.tryAcquire(AccountId.of(words[1]), LockChild.BROKER);
                        held[0] = attempt instanceof Acquisition.Acquired acquired ? acquired.handle() : null;
                        answer(held[0] != null ? "took " + words[1] : "refused " + words[1]);
                    }
                    case "wait" -> {
                        answer("waiting");
                        Acquisition attempt =
                                locks.tryAcquire(AccountId.of(words[1]), LockChild.BROKER, Duration.ofSeconds(30));
                        long at = System.nanoTime();
                        held[0] = attempt instanceof Acquisition.Acquired acquired ? acquired.handle() : null;
                        answer(held[0] != null ? "acquired " + at : "timeout");
                    }
                    case "release" -> {
                        long at = System.nanoTime();
                        held[0].close();
                        answer("released " + at);
                    }
                    case "quit" -> {
                        return;
                    }
                    default -> answer("unknown " + line);
                }
            }
        }
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
