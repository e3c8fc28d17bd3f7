package io.instancelock.it;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.BotProcess;
import io.instancelock.core.LockHandle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child JVM: takes one account again and again, and inside every critical section logs its entry and
 * exit and uses the {@link ExclusiveResource}.
 *
 * <p>Arguments: {@code LOCK_DIR ACCOUNT SHARED_DIR CYCLES MODE [THREADS]}, where MODE is
 * <ul>
 *   <li>{@code retry}: {@code tryAcquire} repeated at once until it succeeds;
 *   <li>{@code wait}: {@code acquire(id, broker, timeout)};
 *   <li>{@code crash}: like {@code wait}, but looping until stopped or killed, rewriting its record
 *       inside every other section, and expecting markers left by killed holders.
 * </ul>
 * With THREADS (default 1), that many threads of this process contend, each for CYCLES cycles,
 * through one shared {@link AccountLocks}. Prints {@code READY}, waits for {@code go} (in crash mode,
 * prints {@code LOOPING} after its first cycle instead), and prints {@code DONE cycles=N attempts=M}
 * at the end. Exits with 3 when the resource proved another holder inside. With
 * {@value LockServer#URL_VARIABLE} set, the locks are layered with that lock server, as on one of
 * several computers ({@code INSTANCELOCK_HOST} names the computer).
 */
public final class ContendingWorker {

    enum Mode {
        RETRY,
        WAIT,
        CRASH
    }

    private final AccountLocks locks;
    private final AccountId account;
    private final Mode mode;
    private final long cycles;
    private final ExclusiveResource resource;
    private final SectionLog log;
    private final ChildControl control;
    private final String broker = "worker-" + ProcessHandle.current().pid();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final AtomicInteger violations = new AtomicInteger();

    private ContendingWorker(
            AccountLocks locks,
            AccountId account,
            Mode mode,
            long cycles,
            ExclusiveResource resource,
            SectionLog log,
            ChildControl control) {
        this.locks = locks;
        this.account = account;
        this.mode = mode;
        this.cycles = cycles;
        this.resource = resource;
        this.log = log;
        this.control = control;
    }

    public static void main(String[] args) throws Exception {
        Path lockDir = Path.of(args[0]);
        AccountId account = AccountId.of(args[1]);
        Path shared = Path.of(args[2]);
        long cycles = Long.parseLong(args[3]);
        Mode mode = Mode.valueOf(args[4].toUpperCase(Locale.ROOT));
        int threads = args.length > 5 ? Integer.parseInt(args[5]) : 1;

        ChildControl control = ChildControl.listen();
        ExclusiveResource resource = new ExclusiveResource(shared, mode == Mode.CRASH);
        ContendingWorker worker;
        String server = System.getenv(LockServer.URL_VARIABLE);
        try (AccountLocks locks = server == null ? AccountLocks.open(lockDir) : AccountLocks.open(lockDir, server);
                SectionLog log = SectionLog.append(shared.resolve("sections.log"))) {
            worker = new ContendingWorker(locks, account, mode, cycles, resource, log, control);
            control.ready();
            if (mode != Mode.CRASH) {
                control.awaitGo();
            }
            worker.runThreads(threads);
        }
        ChildControl.say("DONE cycles=" + worker.done.get() + " attempts=" + worker.attempts.get());
        System.exit(worker.violations.get() == 0 ? 0 : 3);
    }

    private void runThreads(int threads) throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Thread runner = new Thread(
                    () -> {
                        try {
                            runCycles(thread);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "contender-" + t);
            runner.start();
            started.add(runner);
        }
        for (Thread runner : started) {
            runner.join();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private void runCycles(int thread) throws Exception {
        for (long cycle = 1; mode == Mode.CRASH ? !control.stopRequested() : cycle <= cycles; cycle++) {
            LockHandle taken = null;
            while (taken == null) {
                attempts.incrementAndGet();
                taken = take();
            }
            try (LockHandle lock = taken) {
                criticalSection(lock, thread, cycle);
            }
            if (done.incrementAndGet() == 1 && mode == Mode.CRASH) {
                ChildControl.say("LOOPING");
            }
        }
    }

    private void criticalSection(LockHandle lock, int thread, long cycle) throws Exception {
        log.entered(thread, cycle);
        Optional<String> intruder = resource.occupy();
        if (intruder.isPresent()) {
            violations.incrementAndGet();
            log.violation(thread, cycle, intruder.get());
            System.err.println("thread " + thread + " cycle " + cycle + ": " + intruder.get());
        }
        if (mode == Mode.CRASH) {
            if (cycle % 2 == 0) {
                // One more metadata write for a kill to land in. The holder names itself as its bot, so
                // when it dies the account is free once the process is gone (not merely its lock).
                lock.recordBot(BotProcess.of(ProcessHandle.current()));
            }
        } else {
            resource.increment();
        }
        if (intruder.isEmpty()) {
            resource.vacate();
        }
        log.exiting(thread, cycle);
    }

    /** One attempt; null when refused (only in retry mode: a waiting attempt must succeed). */
    private LockHandle take() throws InterruptedException {
        if (mode == Mode.RETRY) {
            Acquisition attempt = locks.tryAcquire(account, broker);
            if (!attempt.acquired()) {
                Thread.yield();
            }
            return attempt instanceof Acquisition.Acquired acquired ? acquired.handle() : null;
        }
        Acquisition attempt = locks.tryAcquire(account, broker, Timing.CHILD_ACQUIRE);
        if (attempt instanceof Acquisition.Refused refused) {
            throw new IllegalStateException("waited " + Timing.CHILD_ACQUIRE + " for account " + account + " in vain: "
                    + refused.status().reason());
        }
        return ((Acquisition.Acquired) attempt).handle();
    }
}
