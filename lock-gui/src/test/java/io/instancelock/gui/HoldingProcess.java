package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotProcess;
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
        LockHandle lock = attempt.handle().orElseThrow();
        Process bot = null;
        if (args.length > 3) {
            bot = new ProcessBuilder(Arrays.copyOfRange(args, 3, args.length))
                    .inheritIO()
                    .start();
            lock.recordBot(BotProcess.of(bot.toHandle()));
        }
        Process child = bot;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (child != null) {
                child.destroy();
                child.onExit().join();
            }
            lock.close();
        }));
        System.out.println("held");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
