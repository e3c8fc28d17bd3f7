package io.instancelock.core;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionStage;

/**
 * A held account lock. Closing it releases the lock and removes its record; closing twice is harmless.
 *
 * <p>A lock can be <em>lost</em> while held: its lock file deleted and taken by another process, the
 * connection to a lock server dropped. The holder is then no longer alone on the account and must stop
 * trading at once; {@link #whenLost()} tells it, {@link #isHeld()} turns false, and the loss is logged
 * at WARNING.
 *
 * <pre>{@code
 * try (LockHandle lock = locks.acquire(account, "john_topstep")) {
 *     lock.whenLost().thenAccept(loss -> bot.stopTrading(loss.reason()));
 *     bot.trade();
 * }
 * }</pre>
 *
 * <p>The lock is held until the handle is closed or the process ends: it is not released at the start
 * of a JVM shutdown, so a shutdown hook of the bot (flattening positions, say) still runs under it.
 * After the process has ended, the record left behind is stale and the next acquirer takes it over at
 * once. Close the handle in your own hook, after your last trade, to leave no record behind.
 *
 * <p>A handle may be used from any thread; an interrupted thread never disturbs the lock.
 */
public interface LockHandle extends AutoCloseable {

    /** The locked account. */
    AccountId account();

    /** The record stored for this lock, as last written. */
    LockRecord record();

    /** Where the lock lives, e.g. the lock file's path. */
    String location();

    /** Whether this handle still holds the lock: it has been neither closed nor lost. */
    boolean isHeld();

    /** Completes when the lock is lost while held; never completes for a lock that is closed first. */
    CompletionStage<LockLoss> whenLost();

    /**
     * Completes when someone asked this holder to stop and let go through the lock server
     * ({@code lockctl stop} on another computer): stop trading as on SIGTERM, then close the handle.
     * Never completes where the backend carries no such requests (a holder on this computer is sent a
     * signal instead).
     */
    CompletionStage<Void> whenStopRequested();

    /** The loss, once the lock has been lost. */
    Optional<LockLoss> loss();

    /**
     * A number larger than that of every earlier acquisition of this account, where the backend keeps
     * one (a lock server does; the lock directory does not). Pass it to whatever the bot writes to, so
     * that a holder that lost its lock cannot overwrite a newer holder's work.
     */
    OptionalLong fencingToken();

    /**
     * Records the process that trades for this holder, so that the account stays held while that
     * process (and, with a process group, anything it started) lives even if this holder dies.
     *
     * @throws IllegalStateException when the handle has been closed or the lock lost
     */
    void recordBot(BotProcess bot);

    /** Releases the lock and removes its record (unless the lock was lost). Idempotent. */
    @Override
    void close();
}
