package io.instancelock.core;

import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.LockBackendFactory;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
 *     try (LockHandle lock = ((Acquisition.Acquired) attempt).handle()) {
 *         // A lock can be lost (its file deleted and taken, a server connection dropped): stop then.
 *         lock.whenLost().thenAccept(loss -> bot.stop(loss.reason()));
 *         bot.run();                 // the account is ours until the handle is closed
 *     }
 * }
 * }</pre>
 *
 * <p>To run the bot as a child process under the lock, use {@link BotSession}: it records the bot
 * before it can trade, stops it when the lock is lost, and releases only after it has exited.
 *
 * <p>Taking an account, in order:
 *
 * <ol>
 *   <li>refuse at once if a caller in this JVM claims or holds the account (through any instance);
 *   <li>claim the account in the backend (an OS lock); if another process holds the claim, refuse
 *       with that holder's record, after retrying briefly when the claim is busy only for an instant
 *       (an observer's look, a take-over or clean-up of a stale lock, a holder restoring its record);
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

    /**
     * How long {@link #tryAcquire(AccountId, String)} keeps trying a claim that is busy only for an
     * instant: longer than a holder needs to restore a deleted lock file, so that a refusal names it.
     */
    static final Duration TRANSIENT_PATIENCE = Duration.ofMillis(600);

    /** Waits without a deadline are done in slices of this length. */
    private static final Duration SLICE = Duration.ofHours(1);

    private static final InProcessClaims CLAIMS = InProcessClaims.INSTANCE;

    private final LockBackend backend;
    private final Clock clock;
    private final ProcessView processes;
    private final StaleRules rules;
    private final Set<HeldLock> issued = ConcurrentHashMap.newKeySet();

    private AccountLocks(LockBackend backend, Clock clock, ProcessView processes) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.processes = Objects.requireNonNull(processes, "processes");
        this.rules = new StaleRules(processes, clock, LocalHost.name());
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
     * Opens the locks at a location: a directory, or a URI that another backend serves (e.g. a lock
     * server's {@code postgresql://...}).
     *
     * @param clock gives {@code created_at} and the zone it is read in
     * @throws LockException when no backend serves the location or it cannot be used
     */
    public static AccountLocks open(String location, Clock clock) {
        Objects.requireNonNull(location, "location");
        return new AccountLocks(backendFor(location, clock), clock, LocalProcesses.INSTANCE);
    }

    private static LockBackend backendFor(String location, Clock clock) {
        for (LockBackendFactory factory : factories()) {
            if (factory.accepts(location)) {
                return factory.open(location, clock);
            }
        }
        throw new LockException("no lock backend serves '" + DisplayText.safe(location, 200)
                + "': put the backend's module (lock-fs for a directory, lock-pg for a postgresql:// server)"
                + " on the class path");
    }

    /**
     * Opens the locks in a directory together with a lock server, so that no other computer drives an
     * account either. Each acquisition takes the lock file first (the older launcher and local tools
     * see it as before), then the server's lock; a release lets go in reverse. When the server cannot
     * be reached nothing is held, and the attempt fails with a {@link LockException} of kind
     * {@link LockException.Kind#SERVER_UNREACHABLE}.
     *
     * <pre>{@code
     * try (AccountLocks locks = AccountLocks.open(Path.of("locks"), "postgresql://bots@db.example.com/locks")) {
     *     ...
     * }
     * }</pre>
     *
     * @param serverUrl the lock server, e.g. {@code postgresql://user@host:5432/database}; the password
     *     may instead come from {@code PGPASSWORD} or {@code ~/.pgpass}
     * @throws LockException when the directory or the server cannot be used (the message names which
     *     and why, never the password)
     */
    public static AccountLocks open(Path directory, String serverUrl) {
        return open(directory, serverUrl, Clock.systemDefaultZone());
    }

    /**
     * Opens the locks in a directory together with a lock server, as {@link #open(Path, String)} does.
     *
     * @param clock gives {@code created_at} and the zone it is read in
     */
    public static AccountLocks open(Path directory, String serverUrl, Clock clock) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(serverUrl, "serverUrl");
        Objects.requireNonNull(clock, "clock");
        LockBackend local = backendFor(directory.toString(), clock);
        try {
            LockBackend server = backendFor(serverUrl, clock);
            return new AccountLocks(new LayeredBackend(local, server), clock, LocalProcesses.INSTANCE);
        } catch (RuntimeException e) {
            local.close();
            throw e;
        }
    }

    /** Runs over a backend given directly, e.g. by a backend's own tests. */
    public static AccountLocks using(LockBackend backend, Clock clock) {
        return new AccountLocks(backend, clock, LocalProcesses.INSTANCE);
    }

    /**
     * Runs over a lock directory's and a lock server's backends given directly, layered as
     * {@link #open(Path, String)} layers them (e.g. by a backend's own tests).
     */
    public static AccountLocks using(LockBackend local, LockBackend server, Clock clock) {
        return new AccountLocks(new LayeredBackend(local, server), clock, LocalProcesses.INSTANCE);
    }

    /** Runs over a backend with a table of processes given by a test. */
    static AccountLocks using(LockBackend backend, Clock clock, ProcessView processes) {
        return new AccountLocks(backend, clock, processes);
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

    /** What is at this location besides locks, e.g. foreign files in the lock directory, for diagnostics. */
    public List<String> strayEntries() {
        return backend.strayEntries();
    }

    /** Takes the account now if it is free or stale; otherwise refuses with the holder's record. */
    public Acquisition tryAcquire(AccountId account, String brokerUsername) {
        String key = key(account);
        if (!CLAIMS.tryClaim(key)) {
            return new Acquisition.Refused(inspect(account));
        }
        boolean acquired = false;
        try {
            long deadline = System.nanoTime() + TRANSIENT_PATIENCE.toNanos();
            long pause = TimeUnit.MILLISECONDS.toNanos(1);
            while (true) {
                Optional<Slot> slot = backend.tryClaim(account);
                if (slot.isPresent()) {
                    Acquisition outcome = take(slot.get(), account, brokerUsername);
                    acquired = outcome.acquired();
                    return outcome;
                }
                Peek peek = backend.peek(account);
                LockStatus status = judge(account, peek);
                boolean instant = busyForAnInstant(peek);
                if (status.state().blocksAcquirers() && !instant) {
                    return new Acquisition.Refused(status);
                }
                if (System.nanoTime() - deadline >= 0) {
                    return new Acquisition.Refused(takingNow(account, status));
                }
                // Busy for an instant (an observer's look, a take-over, a record being restored): retry.
                LockSupport.parkNanos(pause);
                pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(50));
            }
        } finally {
            if (!acquired) {
                CLAIMS.release(key);
            }
        }
    }

    /**
     * Takes the account, waiting up to {@code timeout} for its holder to let go, as
     * {@link java.util.concurrent.locks.Lock#tryLock(long, TimeUnit)} does. The wait ends within about
     * a millisecond of an instance-lock holder's release.
     *
     * @throws InterruptedException when the waiting thread is interrupted (nothing is held then)
     */
    public Acquisition tryAcquire(AccountId account, String brokerUsername, Duration timeout)
            throws InterruptedException {
        Objects.requireNonNull(timeout, "timeout");
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), SLICE.toNanos() * 24 * 365);
        return acquireUntil(account, brokerUsername, deadline, false);
    }

    /**
     * Takes the account, waiting as long as it takes.
     *
     * @throws InterruptedException when the waiting thread is interrupted (nothing is held then)
     */
    public LockHandle acquire(AccountId account, String brokerUsername) throws InterruptedException {
        Acquisition outcome = acquireUntil(account, brokerUsername, 0, true);
        return ((Acquisition.Acquired) outcome).handle();
    }

    private Acquisition acquireUntil(AccountId account, String brokerUsername, long deadline, boolean forever)
            throws InterruptedException {
        String key = key(account);
        while (!CLAIMS.claim(key, forever ? System.nanoTime() + SLICE.toNanos() : deadline)) {
            if (!forever) {
                return new Acquisition.Refused(inspect(account));
            }
        }
        boolean acquired = false;
        try {
            while (true) {
                long left = forever ? SLICE.toNanos() : deadline - System.nanoTime();
                Optional<Slot> slot = backend.claim(account, Duration.ofNanos(Math.max(0, left)));
                if (slot.isEmpty()) {
                    if (forever) {
                        continue;
                    }
                    return new Acquisition.Refused(inspect(account));
                }
                Acquisition outcome = take(slot.get(), account, brokerUsername);
                long remaining = forever ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (outcome.acquired() || remaining <= 0) {
                    acquired = outcome.acquired();
                    return outcome;
                }
                // Held by a holder that cannot notify us (older launcher, orphaned bot): look again.
                TimeUnit.NANOSECONDS.sleep(Math.min(remaining, RECHECK_INTERVAL.toNanos()));
            }
        } finally {
            if (!acquired) {
                CLAIMS.release(key);
            }
        }
    }

    /** The state of one account's lock, without disturbing its holder. */
    public LockStatus inspect(AccountId account) {
        return judge(account, backend.peek(account));
    }

    private LockStatus judge(AccountId account, Peek peek) {
        String where = backend.locationOf(account);
        if (peek.content() instanceof SlotContent.Present present
                && (peek.claim() == Peek.Claim.HELD_IN_THIS_PROCESS || CLAIMS.isClaimed(key(account)))
                && present.record().pid() == Self.PID) {
            return new LockStatus(account, LockState.HELD, present.record(), "held by this process", where);
        }
        return judge(account, peek.content(), peek.claim() != Peek.Claim.FREE, where);
    }

    /**
     * Judges an account's content. {@code claimedByOther}: someone else holds the claim, so a record
     * is live, and a missing one is being written right now.
     */
    private LockStatus judge(AccountId account, SlotContent content, boolean claimedByOther, String where) {
        StaleRules.Verdict verdict = verdictOf(content, claimedByOther);
        LockRecord holder = content instanceof SlotContent.Present present ? present.record() : null;
        return new LockStatus(account, verdict.state(), holder, verdict.reason(), where);
    }

    /** As {@link #judge(AccountId, SlotContent, boolean, String)}, the reason worded only when asked for. */
    private StaleRules.Verdict verdictOf(SlotContent content, boolean claimedByOther) {
        if (content instanceof SlotContent.Present present) {
            return rules.judge(present.record(), !claimedByOther, present.writtenAt());
        }
        if (claimedByOther) {
            String why = content instanceof SlotContent.Unreadable unreadable
                    ? "held; its lock file cannot be read: " + unreadable.reason()
                    : "held; the holder is writing its record right now";
            return new StaleRules.Verdict(LockState.HELD, why);
        }
        if (content instanceof SlotContent.Unreadable unreadable) {
            return new StaleRules.Verdict(LockState.STALE, "unreadable lock file (" + unreadable.reason() + ")");
        }
        return new StaleRules.Verdict(LockState.FREE, "not locked");
    }

    /** What a claim found: the content that decides, and its verdict. */
    private record Claimed(SlotContent content, StaleRules.Verdict verdict) {
        LockState state() {
            return verdict.state();
        }

        LockStatus status(AccountId account, Slot slot) {
            LockRecord holder = content instanceof SlotContent.Present present ? present.record() : null;
            return new LockStatus(account, verdict.state(), holder, verdict.reason(), slot.location());
        }
    }

    /**
     * Judges what a claim found. With a lock directory and a server, each side may hold a record of
     * its own (an older launcher's only in the file, another computer's holder only on the server):
     * the first that keeps the account held decides; otherwise the first, the latest holder's.
     */
    private Claimed judgeClaimed(Slot slot) {
        List<SlotContent> contents =
                slot instanceof LayeredBackend.LayeredSlot both ? both.contents() : List.of(slot.content());
        Claimed first = null;
        for (SlotContent content : contents) {
            Claimed found = new Claimed(content, verdictOf(content, false));
            if (found.state().blocksAcquirers()) {
                return found;
            }
            if (first == null) {
                first = found;
            }
        }
        return first;
    }

    /** The refusal when the claim stayed busy although no live holder's record is there. */
    private static LockStatus takingNow(AccountId account, LockStatus seen) {
        String reason = seen.holder() == null || seen.state() == LockState.FREE
                ? "another process is taking this account right now"
                : "another process is taking this account over right now (the record names pid "
                        + seen.holder().pid() + ", which has exited)";
        return new LockStatus(account, LockState.HELD, seen.holder(), reason, seen.location());
    }

    /**
     * Whether a busy claim is likely to be let go in an instant: whoever holds it has not written a
     * record of its own yet (the record is missing, unreadable, or names a holder that has exited),
     * so it is taking over, cleaning up, or restoring a deleted file.
     */
    private boolean busyForAnInstant(Peek peek) {
        if (peek.claim() == Peek.Claim.FREE) {
            return true;
        }
        if (!(peek.content() instanceof SlotContent.Present present)) {
            return true;
        }
        LockRecord record = present.record();
        return record.origin() == RecordOrigin.INSTANCE_LOCK
                && rules.isLocal(record.hostname())
                && SameProcess.of(processes, record.pid(), record.processStartedAt(), record.processStartKey())
                        == SameProcess.Answer.GONE;
    }

    /** The state of every lock at this location, sorted by account. */
    public List<LockStatus> list() {
        List<LockStatus> statuses = new ArrayList<>();
        try (LockBackend.Survey survey = backend.survey()) {
            for (AccountId account : backend.accounts()) {
                statuses.add(inspectOrExplain(account, survey));
            }
        }
        return statuses;
    }

    /** A lock that cannot be read here (e.g. no permission) is listed as unknown with the reason, not dropped. */
    private LockStatus inspectOrExplain(AccountId account, LockBackend.Survey survey) {
        try {
            return judge(account, survey.peek(account));
        } catch (LockException | UncheckedIOException e) {
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
            } catch (LockException | UncheckedIOException e) {
                // One file that cannot be opened here (a link, no permission) must not stop the clean-up.
                LOG.log(Level.WARNING, "left lock of account " + account + " in place: " + e.getMessage());
            }
        }
        return removed;
    }

    /**
     * Removes one account's lock if its holder is gone. With {@code force}, also removes a lock that
     * cannot be judged here (unknown). A live holder's lock is never removed.
     */
    public Removal remove(AccountId account, boolean force) {
        LockStatus seen = inspect(account);
        if (seen.state() == LockState.FREE) {
            return new Removal(seen, false);
        }
        String key = key(account);
        if (!CLAIMS.tryClaim(key)) {
            return new Removal(inspect(account), false);
        }
        try {
            Optional<Slot> claimed = backend.tryClaim(account);
            if (claimed.isEmpty()) {
                return new Removal(inspect(account), false);
            }
            Slot slot = claimed.get();
            Claimed judged = judgeClaimed(slot);
            if (judged.state() == LockState.FREE) {
                // Nothing worth keeping under the claim (e.g. an empty file): clear it away.
                slot.retire();
                return new Removal(seen, seen.state() == LockState.STALE);
            }
            LockStatus found = judged.status(account, slot);
            boolean remove = found.state() == LockState.STALE || (force && found.state() == LockState.UNKNOWN);
            if (remove) {
                slot.retire();
                LOG.log(Level.DEBUG, "removed lock of account {0}: {1}", account, found.reason());
            } else {
                slot.close();
            }
            return new Removal(found, remove);
        } finally {
            CLAIMS.release(key);
        }
    }

    /**
     * Asks the account's holder, on whatever computer it runs, to stop its bot and let go, where the
     * backend carries such requests (a lock server does; see {@link LockHandle#whenStopRequested()}).
     *
     * @return whether a request was recorded: false when nobody holds the account or the backend
     *     cannot carry one (signal a holder on this computer instead)
     */
    public boolean requestStop(AccountId account) {
        return backend.requestStop(account);
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
        try {
            Claimed found = judgeClaimed(slot);
            if (found.state().blocksAcquirers()) {
                slot.close();
                return new Acquisition.Refused(found.status(account, slot));
            }
            if (found.state() == LockState.STALE) {
                // The verdict, not its reason: worded only if the line is logged.
                LOG.log(Level.DEBUG, "taking over lock of account {0}: {1}", account, found.verdict());
            }
            LockRecord record = newRecord(account, brokerUsername);
            slot.write(record);
            HeldLock lock = new HeldLock(account, slot, record, clock, this::forget);
            issued.add(lock);
            slot.watch(this::mayOverwrite);
            return new Acquisition.Acquired(lock.watch());
        } catch (RuntimeException e) {
            slot.close();
            throw e;
        }
    }

    /**
     * Whether a holder may write its record back over what it found in its place (a deleted file, a
     * copy, an old record a sync tool restored): yes, unless it is the record of another holder that
     * is still there (the older launcher writing over ours, say), in which case the lock is lost.
     */
    private boolean mayOverwrite(SlotContent found) {
        if (found instanceof SlotContent.Present present && present.record().pid() == Self.PID) {
            return true;
        }
        return !verdictOf(found, false).state().blocksAcquirers();
    }

    private LockRecord newRecord(AccountId account, String brokerUsername) {
        return new LockRecord(
                account,
                Self.PID,
                LocalDateTime.now(clock).truncatedTo(ChronoUnit.SECONDS),
                brokerUsername,
                LocalHost.name(),
                Self.PROCESS.startedAt(),
                Self.PROCESS.startKey(),
                null,
                RecordOrigin.INSTANCE_LOCK);
    }

    private void forget(HeldLock lock) {
        issued.remove(lock);
        CLAIMS.release(key(lock.account()));
    }

    private String key(AccountId account) {
        return InProcessClaims.key(backend.location(), account);
    }

    /**
     * This process, looked up when a lock is first taken or judged as ours: a command that only
     * inspects never starts {@code ProcessHandle}'s machinery (about 15 ms at a JVM's start).
     */
    private static final class Self {
        static final long PID = ProcessHandle.current().pid();
        /** Read once: asking the OS about a process costs more than taking a lock. */
        static final BotProcess PROCESS = LocalProcesses.INSTANCE.identify(PID, 0);
    }
}
