package io.instancelock.it;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockHandle;
import java.nio.file.Path;

/**
 * Child JVM: a launcher that takes an account, starts the bot as a child process ({@code sleep}) and
 * records it, so that the account stays held for as long as the bot trades, even if the launcher dies.
 * When its standard input is closed it stops the bot, then releases.
 *
 * <p>Arguments: {@code LOCK_DIR ACCOUNT}. Prints {@code RUNNING <nanoTime> <pid> <botPid>}.
 */
public final class LauncherWithBot {

    private LauncherWithBot() {}

    public static void main(String[] args) throws Exception {
        ChildControl control = ChildControl.listen();
        try (AccountLocks locks = AccountLocks.open(Path.of(args[0]));
                LockHandle lock =
                        ((Acquisition.Acquired) locks.tryAcquire(AccountId.of(args[1]), "launcher")).handle()) {
            Process bot = new ProcessBuilder("sleep", "300").start();
            lock.recordBot(BotProcess.of(bot.toHandle()));
            ChildControl.say("RUNNING " + System.nanoTime() + " "
                    + ProcessHandle.current().pid() + " " + bot.pid());
            control.awaitStop();
            bot.destroy();
            bot.waitFor();
        }
    }
}
