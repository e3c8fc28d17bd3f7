package io.instancelock.it;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child JVM: tries to take an account that another process holds, many times, and counts what
 * happened. Every tenth attempt waits briefly with {@code acquire(id, broker, timeout)}.
 *
 * <p>Arguments: {@code LOCK_DIR ACCOUNT ATTEMPTS HOLDER_PID}. Prints {@code READY}, waits for
 * {@code go}, and prints {@code ACQUIRED a REFUSED r UNEXPECTED u}: a refusal is unexpected when it
 * does not name the holder as a live holder.
 */
public final class Contender {

    private static final Duration BRIEF_WAIT = Duration.ofMillis(20);

    private Contender() {}

    public static void main(String[] args) throws Exception {
        Path lockDir = Path.of(args[0]);
        AccountId account = AccountId.of(args[1]);
        int attempts = Integer.parseInt(args[2]);
        long holder = Long.parseLong(args[3]);
        ChildControl control = ChildControl.listen();
        long acquired = 0;
        long refused = 0;
        long unexpected = 0;
        try (AccountLocks locks = AccountLocks.open(lockDir)) {
            control.ready();
            control.awaitGo();
            for (int i = 1; i <= attempts; i++) {
                Acquisition attempt = i % 10 == 0
                        ? locks.tryAcquire(account, "contender", BRIEF_WAIT)
                        : locks.tryAcquire(account, "contender");
                if (attempt instanceof Acquisition.Refused refusal) {
                    refused++;
                    LockStatus status = refusal.status();
                    if (status.state() != LockState.HELD
                            || status.holderRecord()
                                    .filter(record -> record.pid() == holder)
                                    .isEmpty()) {
                        unexpected++;
                        System.err.println("attempt " + i + ": refused as "
                                + status.state().label() + " (" + status.reason() + ")");
                    }
                } else {
                    acquired++;
                    System.err.println("attempt " + i + ": ACQUIRED an account held by pid " + holder);
                    ((Acquisition.Acquired) attempt).handle().close();
                }
            }
        }
        ChildControl.say("ACQUIRED " + acquired + " REFUSED " + refused + " UNEXPECTED " + unexpected);
    }
}
