package io.instancelock.core;

import io.instancelock.core.spi.Slot;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/** A {@link LockHandle} over a backend slot. */
final class HeldLock implements LockHandle {

    private final AccountId account;
    private final Slot slot;
    private final Consumer<HeldLock> onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile LockRecord record;

    HeldLock(AccountId account, Slot slot, LockRecord record, Consumer<HeldLock> onClose) {
        this.account = account;
        this.slot = slot;
        this.record = record;
        this.onClose = onClose;
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
        return !closed.get();
    }

    @Override
    public void recordBot(BotProcess bot) {
        // Serialised with close(): a write must not land after the slot has been retired.
        synchronized (this) {
            if (closed.get()) {
                throw new IllegalStateException("the lock on account " + account + " has been released");
            }
            LockRecord updated = record.withBot(bot);
            slot.write(updated);
            record = updated;
        }
    }

    @Override
    public void close() {
        // Invariants: the slot is retired at most once, by whoever wins this compare-and-set; and
        // close() returns only once it has been, also to a caller that lost the race (a thread that
        // returned early could let the JVM exit halfway through the winner's release).
        synchronized (this) {
            if (closed.compareAndSet(false, true)) {
                try {
                    slot.retire();
                } finally {
                    onClose.accept(this);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "lock on account " + account + " (" + (isHeld() ? "held" : "released") + ")";
    }
}
