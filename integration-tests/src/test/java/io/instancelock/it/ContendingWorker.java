package io.instancelock.it;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockHandle;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Child JVM: takes one account again and again, and inside every critical section logs its entry and
 * exit and uses the {@link ExclusiveResource}.
 *
 * <p>Arguments: {@code LOCK_DIR ACCOUNT SHARED_DIR CYCLES MODE}, where MODE is
 * <ul>
 *   <li>{@code retry}: {@code tryAcquire} repeated at once until it succeeds;
 *   <li>{@code wait}: {@code acquire(id, broker, timeout)};
 *   <li>{@code crash}: like {@code wait}, but looping until stopped or killed, rewriting its record
 *       inside every other section (more metadata writes for a kill to land in), and expecting
 *       markers left by killed holders.
 * </ul>
 * Prints {@code READY}, waits for {@code go} (in crash mode, prints {@code LOOPING} after its first
 * cycle instead), and prints {@code DONE cycles=N attempts=M} at the end.
 * Exits with 3 when the resource proved another process inside.
 */
public final class ContendingWorker {

    enum Mode { RETRY, WAIT, CRASH }

    private ContendingWorker() {}

    public static void main(String[] args) throws Exception {
        Path lockDir = Path.of(args[0]);
        AccountId account = AccountId.of(args[1]);
        Path shared = Path.of(args[2]);
        long cycles = Long.parseLong(args[3]);
        Mode mode = Mode.valueOf(args[4].toUpperCase(Locale.ROOT));
        String broker = "worker-" + ProcessHandle.current().pid();

        ChildControl control = ChildControl.listen();
        ExclusiveResource resource = new ExclusiveResource(shared, mode == Mode.CRASH);
        long attempts = 0;
        long done = 0;
        int violations = 0;
        try (AccountLocks locks = AccountLocks.open(lockDir);
                SectionLog log = SectionLog.append(shared.resolve("sections.log"))) {
            control.ready();
            if (mode != Mode.CRASH) {
                control.awaitGo();
            }
            for (long cycle = 1; mode == Mode.CRASH ? !control.stopRequested() : cycle <= cycles; cycle++) {
                LockHandle taken = null;
                while (taken == null) {
                    attempts++;
                    taken = take(locks, account, broker, mode);
                }
                try (LockHandle lock = taken) {
                    log.entered(cycle);
                    Optional<String> intruder = resource.occupy();
                    if (intruder.isPresent()) {
                        violations++;
                        log.violation(cycle, intruder.get());
                        System.err.println("cycle " + cycle + ": " + intruder.get());
                    }
                    if (mode == Mode.CRASH) {
                        if (cycle % 2 == 0) {
                            lock.recordBot(BotProcess.of(ProcessHandle.current()));
                        }
                    } else {
                        resource.increment();
                    }
                    if (intruder.isEmpty()) {
                        resource.vacate();
                    }
                    log.exiting(cycle);
                }
                done++;
                if (done == 1 && mode == Mode.CRASH) {
                    ChildControl.say("LOOPING");
                }
            }
        }
        ChildControl.say("DONE cycles=" + done + " attempts=" + attempts);
        System.exit(violations == 0 ? 0 : 3);
    }

    /** One attempt; null when refused (only in retry mode: a waiting attempt must succeed). */
    private static LockHandle take(AccountLocks locks, AccountId account, String broker, Mode mode)
            throws InterruptedException {
        if (mode == Mode.RETRY) {
            Acquisition attempt = locks.tryAcquire(account, broker);
            if (!attempt.acquired()) {
                Thread.yield();
            }
            return attempt.handle().orElse(null);
        }
        Acquisition attempt = locks.acquire(account, broker, Timing.CHILD_ACQUIRE);
        if (attempt instanceof Acquisition.Refused refused) {
            throw new IllegalStateException("waited " + Timing.CHILD_ACQUIRE + " for account " + account
                    + " in vain: " + refused.status().reason());
        }
        return attempt.handle().orElseThrow();
    }
}
