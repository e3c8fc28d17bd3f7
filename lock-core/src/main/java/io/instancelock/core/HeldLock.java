package io.instancelock.core;

import io.instancelock.core.spi.Slot;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/** A {@link LockHandle} over a backend slot. */
final class HeldLock implements LockHandle {

    private static final System.Logger LOG = new DeferredLogger(HeldLock.class.getName());

    /** Loss listeners run here, so that a slow one delays neither the backend's watch nor other locks. */
    private static final Executor NOTIFIER = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "instance-lock-loss");
        thread.setDaemon(true);
        return thread;
    });

    private enum State {
        HELD,
        LOST,
        CLOSED
    }

    private final AccountId account;
    private final Slot slot;
    private final Clock clock;
    private final Consumer<HeldLock> onClose;
    private final CompletableFuture<LockLoss> lost = new CompletableFuture<>();
    private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
    private volatile State state = State.HELD;
    private volatile LockRecord record;
    private volatile LockLoss loss;

    HeldLock(AccountId account, Slot slot, LockRecord record, Clock clock, Consumer<HeldLock> onClose) {
        this.account = account;
        this.slot = slot;
        this.record = record;
        this.clock = clock;
        this.onClose = onClose;
    }

    /** Starts listening to the slot's loss; called once the handle is fully built. */
    HeldLock watch() {
        slot.lost().thenAccept(this::lose);
        slot.stopRequested().thenRun(() -> {
            if (state == State.HELD) {
                NOTIFIER.execute(() -> stopRequested.complete(null));
            }
        });
        return this;
    }

    @Override
    public AccountId account() {
        return account;
    }

    @Override
    public LockRecord record() {
        return record;
    }

    @Override
    public String location() {
        return slot.location();
    }

    @Override
    public boolean isHeld() {
        return state == State.HELD;
    }

    @Override
    public CompletionStage<LockLoss> whenLost() {
        return lost.minimalCompletionStage();
    }

    @Override
    public Optional<LockLoss> loss() {
        return Optional.ofNullable(loss);
    }

    @Override
    public CompletionStage<Void> whenStopRequested() {
        return stopRequested.minimalCompletionStage();
    }

    /** How long a frozen holder's bot may trade on before another computer can take over, if it can. */
    Optional<Duration> confirmationDeadline() {
        return slot.confirmationDeadline();
    }

    @Override
    public OptionalLong fencingToken() {
        return slot.fencingToken();
    }

    @Override
    public void recordBot(BotProcess bot) {
        // Serialised with close(): a write must not land after the slot has been retired.
        synchronized (this) {
            requireHeld();
            LockRecord updated = record.withBot(bot);
            slot.write(updated);
            record = updated;
        }
    }

    /**
     * The backend says the claim is gone. The slot stays open until the handle is closed: whatever of
     * the claim is left keeps protecting the account while the holder stops its bot.
     */
    private void lose(String reason) {
        LockLoss happened;
        synchronized (this) {
            if (state != State.HELD) {
                return;
            }
            happened = new LockLoss(account, reason, clock.instant());
            loss = happened;
            state = State.LOST;
        }
        LOG.log(Level.WARNING, happened.describe());
        NOTIFIER.execute(() -> lost.complete(happened));
    }

    @Override
    public void close() {
        // Invariants: the slot is retired (or, after a loss, closed without removing anything) at most
        // once, by whoever moves the state to CLOSED; and close() returns only once that is done, also
        // to a caller that lost the race (a thread that returned early could let the JVM exit halfway
        // through the winner's release).
        synchronized (this) {
            State was = state;
            if (was == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            try {
                if (was == State.HELD) {
                    slot.retire();
                } else {
                    slot.close();
                }
            } finally {
                onClose.accept(this);
            }
        }
    }

    private void requireHeld() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("the lock on account " + account + " has been released");
        }
        if (state == State.LOST) {
            throw new IllegalStateException(loss.describe());
        }
    }

    @Override
    public String toString() {
        return "lock on account " + account + " (" + state.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
