package io.instancelock.gui;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockStatus;
import java.nio.file.Path;

/** Run in a child JVM: prints how another process sees an account's lock (state, then the reason). */
public final class InspectProbe {

    private InspectProbe() {}

    public static void main(String[] args) {
        try (AccountLocks locks = AccountLocks.open(Path.of(args[0]))) {
            LockStatus status = locks.inspect(AccountId.of(args[1]));
            System.out.println(status.state().label());
            System.out.println(status.reason());
        }
    }
}
