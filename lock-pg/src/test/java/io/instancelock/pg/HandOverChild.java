package io.instancelock.pg;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A child JVM for {@link HandOverAcrossJvmsTest} and {@link FrozenHolderTest}, on the lock server given as its argument: {@code take},
 * {@code wait} (answers {@code waiting} at once, then {@code acquired NANOS} once it holds the account),
 * {@code release} (answers {@code released NANOS}, the time just before the release), {@code watch}
 * (answers {@code watching}, then {@code lost REASON} when the held lock is lost).
 */
public final class HandOverChild {

    private HandOverChild() {}

    public static void main(String[] args) throws Exception {
        AccountId account = AccountId.of("300001");
        AtomicReference<LockHandle> held = new AtomicReference<>();
        try (AccountLocks locks = AccountLocks.open(args[0], Clock.systemDefaultZone());
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            System.out.println("ready");
            String line;
            while ((line = in.readLine()) != null) {
                switch (line) {
                    case "take" -> {
                        held.set(((Acquisition.Acquired) locks.tryAcquire(account, "bench")).handle());
                        System.out.println("took");
                    }
                    case "watch" -> {
                        held.get().whenLost().thenAccept(loss -> System.out.println("lost " + loss.reason()));
                        System.out.println("watching");
                    }
                    case "wait" -> {
                        Thread waiter = new Thread(() -> {
                            try {
                                Acquisition attempt = locks.tryAcquire(account, "bench", Duration.ofSeconds(60));
                                long at = System.nanoTime();
                                held.set(((Acquisition.Acquired) attempt).handle());
                                System.out.println("acquired " + at);
                            } catch (Exception e) {
                                System.out.println("failed " + e);
                            }
                        });
                        waiter.start();
                        System.out.println("waiting");
                    }
                    case "release" -> {
                        long at = System.nanoTime();
                        held.getAndSet(null).close();
                        System.out.println("released " + at);
                    }
                    default -> System.out.println("unknown " + line);
                }
            }
        }
    }
}
