package io.instancelock.core;

import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.LockBackendFactory;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The entry point: takes, inspects, lists and cleans the locks that keep each trading account driven
 * by at most one bot. The backend (the lock directory, by default) is found with
 * {@link ServiceLoader}, so callers name no backend class.
 *
 * <pre>{@code
 * try (AccountLocks locks = AccountLocks.open(Path.of("locks"))) {
 *     Acquisition attempt = locks.tryAcquire(AccountId.of("123456"), "john_topstep");
 *     if (attempt instanceof Acquisition.Refused refused) {
 *         System.err.println(refused.message("Combine 50K - $50,000.00"));
 *         return;
 *     }
 *     try (LockHandle lock = attempt.handle().orElseThrow()) {
 *         runBot();                  // the account is ours until the handle is closed
 *     }
 * }
 * }</pre>
 *
 * <p>Taking an account, in order:
 *
 * <ol>
 *   <li>claim the account in the backend (an OS lock); if another process holds the claim, refuse
 *       with that holder's record;
 *   <li>judge the record found under the claim with {@link StaleRules}: an older launcher's live
 *       process, or a bot still running for a dead holder, keeps the account held, so let the claim
 *       go and refuse;
 *   <li>otherwise (no record, an unreadable one, or a stale one) write our record and hand out a
 *       {@link LockHandle}; closing it removes the record and frees the claim.
 * </ol>
 *
 * <p>Instances are safe for use from many threads.
 */
public final class AccountLocks implements AutoCloseable {

    private static final System.Logger LOG = new DeferredLogger(AccountLocks.class.getName());

    /** How often a waiter looks again at a holder that cannot notify it (older launcher, orphaned bot). */
    static final Duration RECHECK_INTERVAL = Duration.ofMillis(200);

    /** How often an attempt is repeated when an observer's brief look raced with it. */
    private static final int PROBE_RACE_ATTEMPTS = 3;

    private final LockBackend backend;
    private final Clock clock;
    private final StaleRules rules;
    private final Set<HeldLock> issued = ConcurrentHashMap.newKeySet();

    private AccountLocks(LockBackend backend, Clock clock) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.rules = new StaleRules(backend.processProbe(), clock, LocalHost.name());
    }

    /**
     * Opens the locks in a directory with the system clock.
     *
     * @throws LockException when the directory cannot be used (the message names it and why)
     */
    public static AccountLocks open(Path directory) {
        return open(directory.toString(), Clock.systemDefaultZone());
    }

    /**
     * Opens the locks at a location (a directory, or a URI another backend serves).
     *
     * @param clock gives {@code created_at} and the zone it is read in
     * @throws LockException when no backend serves the location or it cannot be used
     */
    public static AccountLocks open(String location, Clock clock) {
        for (LockBackendFactory factory : factories()) {
            if (factory.accepts(location)) {
                return new AccountLocks(factory.open(location, clock), clock);
            }
        }
        throw new LockException(
                "no lock backend serves '" + location + "': put lock-fs (or another " + "backend) on the class path");
    }

    /** Runs over a backend given directly, e.g. by a backend's own tests. */
    public static AccountLocks using(LockBackend backend, Clock clock) {
        return new AccountLocks(backend, clock);
    }

    private static List<LockBackendFactory> factories() {
        List<LockBackendFactory> found = new ArrayList<>();
        // Loops, not forEach(found::add): the first lambda of a JVM costs a command-line tool milliseconds.
        for (LockBackendFactory factory :
                ServiceLoader.load(LockBackendFactory.class, AccountLocks.class.getClassLoader())) {
            found.add(factory);
        }
        if (found.isEmpty()) {
            for (LockBackendFactory factory : ServiceLoader.load(LockBackendFactory.class)) {
                found.add(factory);
            }
        }
        return found;
    }

    /** Where the locks live (e.g. the lock directory), for messages. */
    public String location() {
        return backend.location();
    }

    /** Takes the account now if it is free or stale; otherwise refuses with the holder's record. */
    public Acquisition tryAcquire(AccountId account, String brokerUsername) {
        for (int attempt = 1; ; attempt++) {
            Optional<Slot> slot = backend.tryClaim(account);
            if (slot.isPresent()) {
                return take(slot.get(), account, brokerUsername);
            }
            LockStatus status = inspect(account);
            if (status.state().blocksAcquirers()) {
                return new Acquisition.Refused(status);
            }
            if (attempt == PROBE_RACE_ATTEMPTS) {
                return new Acquisition.Refused(new LockStatus(
                        account,
                        LockState.HELD,
                        status.holder(),
                        "another process is taking this account right now",
                        status.location()));
            }
            // The claim was busy but looks free now: an observer's brief look, or a release. Retry.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Takes the account, waiting up to {@code timeout} for its holder to let go. The wait ends within
     * about a millisecond of an instance-lock holder's release.
     *
     * @throws InterruptedException when the waiting thread is interrupted (nothing is held then)
     */
    public Acquisition acquire(AccountId account, String brokerUsername, Duration timeout) throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Optional<Slot> slot = backend.claim(account, left);
            if (slot.isEmpty()) {
                return new Acquisition.Refused(inspect(account));
            }
            Acquisition outcome = take(slot.get(), account, brokerUsername);
            long remaining = deadline - System.nanoTime();
            if (outcome.acquired() || remaining <= 0) {
                return outcome;
            }
            sleep(Math.min(remaining, RECHECK_INTERVAL.toNanos()));
        }
    }

    /**
     * Takes the account, waiting as long as it takes.
     *
     * @throws InterruptedException when the waiting thread is interrupted (nothing is held then)
     */
    public LockHandle acquire(AccountId account, String brokerUsername) throws InterruptedException {
        while (true) {
            Slot slot = backend.claim(account, null).orElseThrow();
            Acquisition outcome = take(slot, account, brokerUsername);
            if (outcome.acquired()) {
                return outcome.handle().orElseThrow();
            }
            sleep(RECHECK_INTERVAL.toNanos());
        }
    }

    /** The state of one account's lock, without disturbing its holder. */
    public LockStatus inspect(AccountId account) {
        Peek peek = backend.peek(account);
        String where = backend.locationOf(account);
        boolean claimed = peek.claim() != Peek.Claim.FREE;
        if (peek.content() instanceof SlotContent.Present present
                && peek.claim() == Peek.Claim.HELD_IN_THIS_PROCESS
                && present.record().pid() == Self.PROCESS.pid()) {
            return new LockStatus(account, LockState.HELD, present.record(), "held by this process", where);
        }
        return judge(account, peek.content(), claimed, where);
    }

    /**
     * Judges an account's content. {@code claimedByOther}: someone else holds the OS lock, so a record
     * is live, and a missing one is being written right now.
     */
    private LockStatus judge(AccountId account, SlotContent content, boolean claimedByOther, String where) {
        if (content instanceof SlotContent.Present present) {
            StaleRules.Verdict verdict = rules.judge(present.record(), !claimedByOther);
            return new LockStatus(account, verdict.state(), present.record(), verdict.reason(), where);
        }
        if (claimedByOther) {
            return new LockStatus(
                    account, LockState.HELD, null, "held; the holder is writing its record right now", where);
        }
        if (content instanceof SlotContent.Unreadable unreadable) {
            return new LockStatus(
                    account, LockState.STALE, null, "unreadable lock file (" + unreadable.reason() + ")", where);
        }
        return new LockStatus(account, LockState.FREE, null, "not locked", where);
    }

    /** The state of every lock at this location, sorted by account. */
    public List<LockStatus> list() {
        List<LockStatus> statuses = new ArrayList<>();
        for (AccountId account : backend.accounts()) {
            statuses.add(inspectOrExplain(account));
        }
        return statuses;
    }

    /** A lock that cannot be read here (e.g. no permission) is listed as unknown with the reason, not dropped. */
    private LockStatus inspectOrExplain(AccountId account) {
        try {
            return inspect(account);
        } catch (LockException e) {
            return new LockStatus(account, LockState.UNKNOWN, null, e.getMessage(), backend.locationOf(account));
        }
    }

    /**
     * Removes every stale lock (and unreadable lock file) and returns what was removed. A lock file
     * that cannot be opened here is left in place, and {@link #list()} shows why.
     */
    public List<LockStatus> removeStale() {
        List<LockStatus> removed = new ArrayList<>();
        for (AccountId account : backend.accounts()) {
            try {
                Removal removal = remove(account, false);
                if (removal.removed()) {
                    removed.add(removal.status());
                }
            } catch (LockException e) {
                // One file that cannot be opened here (a link, no permission) must not stop the clean-up.
                LOG.log(Level.WARNING, "left lock of account " + account + " in place: " + e.getMessage());
            }
        }
        return removed;
    }

    /**
     * Removes one account's lock if its holder is gone. With {@code force}, also removes a lock that
     * cannot be judged here ({@link LockState#UNKNOWN}); a live holder is never removed.
     */
    public Removal remove(AccountId account, boolean force) {
        LockStatus seen = inspect(account);
        if (seen.state() == LockState.FREE) {
            return new Removal(seen, false);
        }
        Optional<Slot> claimed = backend.tryClaim(account);
        if (claimed.isEmpty()) {
            return new Removal(inspect(account), false);
        }
        Slot slot = claimed.get();
        LockStatus found = judgeClaimed(account, slot);
        if (found.state() == LockState.FREE) {
            // Nothing worth keeping under the claim (e.g. an empty file): clear it away.
            slot.retire();
            return new Removal(seen, seen.state() == LockState.STALE);
        }
        boolean remove = found.state() == LockState.STALE || (force && found.state() == LockState.UNKNOWN);
        if (remove) {
            slot.retire();
            LOG.log(Level.DEBUG, "removed lock of account {0}: {1}", account, found.reason());
        } else {
            slot.close();
        }
        return new Removal(found, remove);
    }

    /** Releases every lock still held through this instance and closes the backend. */
    @Override
    public void close() {
        for (HeldLock lock : issued) {
            lock.close();
        }
        backend.close();
    }

    private Acquisition take(Slot slot, AccountId account, String brokerUsername) {
        LockStatus found;
        try {
            found = judgeClaimed(account, slot);
            if (found.state().blocksAcquirers()) {
                slot.close();
                return new Acquisition.Refused(found);
            }
            if (found.state() == LockState.STALE) {
                LOG.log(Level.DEBUG, "taking over lock of account {0}: {1}", account, found.reason());
            }
            LockRecord record = newRecord(account, brokerUsername);
            slot.write(record);
            HeldLock lock = new HeldLock(account, slot, record, this::forget);
            issued.add(lock);
            ShutdownRelease.track(lock);
            return new Acquisition.Acquired(lock);
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
    }

    /** Judges what lies under a claim we hold: the OS lock is free to us, so only records can block. */
    private LockStatus judgeClaimed(AccountId account, Slot slot) {
        return judge(account, slot.content(), false, slot.location());
    }

    private LockRecord newRecord(AccountId account, String brokerUsername) {
        return new LockRecord(
                account,
                Self.PROCESS.pid(),
                LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS),
                brokerUsername,
                LocalHost.name(),
                Self.STARTED_AT,
                null,
                RecordOrigin.INSTANCE_LOCK);
    }

    private void forget(HeldLock lock) {
        issued.remove(lock);
        ShutdownRelease.untrack(lock);
    }

    /**
     * This process, looked up when a lock is first taken or judged as ours: a command that only
     * inspects never starts {@code ProcessHandle}'s machinery (about 15 ms at a JVM's start).
     */
    private static final class Self {
        static final ProcessHandle PROCESS = ProcessHandle.current();
        /** Read once: asking the OS about a process costs more than taking a lock. */
        static final Instant STARTED_AT = PROCESS.info().startInstant().orElse(null);
    }

    private static void sleep(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
    }
}
