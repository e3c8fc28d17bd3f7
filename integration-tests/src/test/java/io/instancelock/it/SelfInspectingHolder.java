package io.instancelock.it;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockState;
import io.instancelock.core.LockStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Child JVM: holds an account and, from several threads, lists and inspects every lock and tries to
 * take its own account again, in a tight loop, until its standard input is closed. On POSIX, closing
 * any descriptor of a locked file drops the lock: a slip here would let another process in.
 *
 * <p>Arguments: {@code LOCK_DIR ACCOUNT THREADS}. Prints {@code RUNNING <pid>}, then at the end
 * {@code LOOKS n ERRORS e}; exits with 3 when any look saw something other than its own lock, held.
 */
public final class SelfInspectingHolder {

    private SelfInspectingHolder() {}

    public static void main(String[] args) throws Exception {
        Path lockDir = Path.of(args[0]);
        AccountId account = AccountId.of(args[1]);
        int threads = Integer.parseInt(args[2]);
        long self = ProcessHandle.current().pid();
        ChildControl control = ChildControl.listen();
        AtomicLong looks = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        try (AccountLocks locks = AccountLocks.open(lockDir);
                LockHandle lock = ((Acquisition.Acquired) locks.tryAcquire(account, "inspector")).handle()) {
            List<Thread> lookers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                Thread looker = new Thread(
                        () -> {
                            while (!control.stopRequested()) {
                                check(lookAtEverything(locks, account, self), errors);
                                looks.incrementAndGet();
                            }
                        },
                        "looker-" + i);
                looker.start();
                lookers.add(looker);
            }
            ChildControl.say("RUNNING " + self);
            control.awaitStop();
            for (Thread looker : lookers) {
                looker.join();
            }
            check(lock.isHeld() ? Optional.empty() : Optional.of("the handle says the lock was let go"), errors);
        }
        ChildControl.say("LOOKS " + looks.get() + " ERRORS " + errors.get());
        System.exit(errors.get() == 0 ? 0 : 3);
    }

    /** One round of looks; what was wrong, if anything. */
    private static Optional<String> lookAtEverything(AccountLocks locks, AccountId account, long self) {
        for (LockStatus status : locks.list()) {
            if (status.account().equals(account)) {
                Optional<String> wrong = heldBySelf("list", status, self);
                if (wrong.isPresent()) {
                    return wrong;
                }
            }
        }
        Optional<String> wrong = heldBySelf("inspect", locks.inspect(account), self);
        if (wrong.isPresent()) {
            return wrong;
        }
        Acquisition again = locks.tryAcquire(account, "inspector-again");
        if (again.acquired()) {
            ((Acquisition.Acquired) again).handle().close();
            return Optional.of("a second tryAcquire in the holding process succeeded");
        }
        return heldBySelf("tryAcquire", ((Acquisition.Refused) again).status(), self);
    }

    private static Optional<String> heldBySelf(String how, LockStatus status, long self) {
        if (status.state() == LockState.HELD
                && status.holder() != null
                && status.holder().pid() == self) {
            return Optional.empty();
        }
        return Optional.of(how + " saw " + status.state().label() + " (" + status.reason() + "), holder "
                + status.holderRecord().map(record -> "pid " + record.pid()).orElse("none"));
    }

    private static void check(Optional<String> wrong, AtomicLong errors) {
        if (wrong.isPresent() && errors.incrementAndGet() <= 10) {
            System.err.println(wrong.get());
        }
    }
}
