package io.instancelock.fs.internal;

import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Another process that lists a lock directory. Usage: {@code LOCK_DIRECTORY}; prints how many lines
 * its {@code /proc/locks} has, then one line {@code ACCOUNT STATE} per lock.
 */
public final class ListMain {

    public static void main(String[] args) throws Exception {
        System.out.println(
                "proc-locks-lines " + Files.readAllLines(Path.of("/proc/locks")).size());
        try (AccountLocks locks = AccountLocks.using(FileLockBackend.open(Path.of(args[0])), Clock.systemUTC())) {
            for (LockStatus status : locks.list()) {
                System.out.println(status.account().value() + " " + status.state());
            }
        }
    }
}
