package io.instancelock.it;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockStatus;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM: a bot as its users know it. It takes its account, trades until its standard input is
 * closed, then releases and exits; if the account is held, it prints the standard refusal and exits
 * with {@value #REFUSED}.
 *
 * <p>Arguments: {@code LOCK_DIR ACCOUNT BROKER [WAIT_SECONDS]}. Without WAIT_SECONDS it looks once
 * ({@code FOUND state: reason}) and tries once; with it, it prints {@code WAITING} and waits that long.
 * Once it holds the account it prints {@code RUNNING <nanoTime> <pid>}.
 */
public final class TradingBot {

    static final int REFUSED = 2;

    private TradingBot() {}

    public static void main(String[] args) throws Exception {
        Path lockDir = Path.of(args[0]);
        AccountId account = AccountId.of(args[1]);
        String broker = args[2];
        ChildControl control = ChildControl.listen();
        try (AccountLocks locks = AccountLocks.open(lockDir)) {
            LockStatus found = locks.inspect(account);
            ChildControl.say("FOUND " + found.state().label() + ": " + found.reason());
            Acquisition attempt;
            if (args.length > 3) {
                ChildControl.say("WAITING");
                attempt = locks.tryAcquire(account, broker, Duration.ofSeconds(Long.parseLong(args[3])));
            } else {
                attempt = locks.tryAcquire(account, broker);
            }
            if (attempt instanceof Acquisition.Refused refused) {
                System.err.println(refused.message());
                ChildControl.say("REFUSED " + refused.status().state().label());
                System.exit(REFUSED);
            }
            try (LockHandle lock = ((Acquisition.Acquired) attempt).handle()) {
                // The library holds the lock until the process ends; a bot that must leave no record
                // behind when it is stopped (SIGTERM) closes its handle in its own hook, after its last trade.
                Runtime.getRuntime().addShutdownHook(new Thread(lock::close, "release-on-exit"));
                ChildControl.say("RUNNING " + System.nanoTime() + " "
                        + ProcessHandle.current().pid());
                control.awaitStop();
            }
            ChildControl.say("RELEASED");
        }
    }
}
