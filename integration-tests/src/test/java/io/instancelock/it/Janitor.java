package io.instancelock.it;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockStatus;
import java.nio.file.Path;
import java.util.List;

/**
 * Child JVM: an admin tool cleaning up in a tight loop, {@code removeStale()} then {@code list()},
 * until its standard input is closed. Prints {@code READY}, and at the end {@code ROUNDS n REMOVED r},
 * with every removal on standard error as {@code removed ACCOUNT holder=PID|none: state, reason}.
 *
 * <p>Arguments: {@code LOCK_DIR}.
 */
public final class Janitor {

    private Janitor() {}

    public static void main(String[] args) throws Exception {
        ChildControl control = ChildControl.listen();
        long rounds = 0;
        long removed = 0;
        try (AccountLocks locks = AccountLocks.open(Path.of(args[0]))) {
            control.ready();
            while (!control.stopRequested()) {
                List<LockStatus> gone = locks.removeStale();
                for (LockStatus status : gone) {
                    System.err.println("removed " + status.account() + " holder="
                            + status.holderRecord()
                                    .map(record -> Long.toString(record.pid()))
                                    .orElse("none") + ": "
                            + status.state().label() + ", " + status.reason());
                }
                removed += gone.size();
                locks.list();
                rounds++;
            }
        }
        ChildControl.say("ROUNDS " + rounds + " REMOVED " + removed);
    }
}
