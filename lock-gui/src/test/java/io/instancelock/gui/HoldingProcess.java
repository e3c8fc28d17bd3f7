package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotSession;
import io.instancelock.core.LockHandle;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Run in a child JVM: holds an account like {@code lockctl run} does, optionally with a bot child
 * process recorded in the lock. Prints {@code held} once it holds the account; on SIGTERM it stops
 * the bot, then releases the lock.
 *
 * <p>Usage: {@code HoldingProcess LOCK_DIR ACCOUNT BROKER [BOT_COMMAND...]}
 */
public final class HoldingProcess {

    private HoldingProcess() {}

    public static void main(String[] args) throws Exception {
        AccountLocks locks = AccountLocks.open(Path.of(args[0]));
        Acquisition attempt = locks.tryAcquire(AccountId.of(args[1]), args[2]);
        if (!attempt.acquired()) {
            System.out.println("refused");
            System.exit(75);
        }
        LockHandle lock = ((Acquisition.Acquired) attempt).handle();
        BotSession bot = args.length > 3
                ? BotSession.start(lock, new ProcessBuilder(Arrays.copyOfRange(args, 3, args.length)).inheritIO())
                : null;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (bot != null) {
                bot.stop();
                bot.exit().join(); // releases the lock once the bot has exited
            }
            lock.close();
        }));
        System.out.println("held");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
