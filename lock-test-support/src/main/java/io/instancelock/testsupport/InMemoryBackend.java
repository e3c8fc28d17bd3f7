package io.instancelock.testsupport;

import io.instancelock.core.AccountId;
import io.instancelock.core.LockRecord;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The SPI's reference backend, in memory: a {@link Store} stands for one lock location, and each
 * backend opened on it for one process. What the OS does for lock files it does by hand: a claim is
 * held by one process at a time, a process that {@link #crash() crashes} loses its claims but leaves
 * its records, and a claim can be {@link Store#takeAway taken away} from its holder, which then
 * reports the loss. Lock-core's contract runs over it, so the rules are proven apart from any storage.
 */
public final class InMemoryBackend implements LockBackend {

    /** One lock location, shared by the simulated processes opened on it. */
    public static final class Store {
        private final String location;
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private final Map<AccountId, SlotContent> records = new HashMap<>();
        private final Map<AccountId, MemorySlot> claims = new HashMap<>();

        /** @param location the name the location goes by in messages, e.g. {@code memory:test} */
        public Store(String location) {
            this.location = location;
        }

        /** Opens the store as one more simulated process. */
        public InMemoryBackend open() {
            return new InMemoryBackend(this);
        }

        /**
         * Takes the account's claim away from its holder, as a lock directory deleted and taken by
         * another process, or a dropped server connection, would; the holder's slot reports the loss.
         * The record becomes {@code replacement} (the new holder's), or is removed when null.
         */
        public void takeAway(AccountId account, String reason, LockRecord replacement) {
            MemorySlot holder;
            lock.lock();
            try {
                holder = claims.remove(account);
                if (replacement == null) {
                    records.remove(account);
                } else {
                    records.put(account, new SlotContent.Present(replacement, Instant.now()));
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (holder != null) {
                holder.lost.complete(reason);
            }
        }

        /** Writes a record with no claim, as the older launcher does. */
        public void writeUnclaimed(LockRecord record) {
            lock.lock();
            try {
                records.put(record.accountId(), new SlotContent.Present(record, Instant.now()));
            } finally {
                lock.unlock();
            }
        }
    }

    private final Store store;

    private InMemoryBackend(Store store) {
        this.store = store;
    }

    /** A backend on a store of its own. */
    public static InMemoryBackend create(String location) {
        return new Store(location).open();
    }

    /** The store this simulated process works on. */
    public Store store() {
        return store;
    }

    /** This simulated process dies: its claims are let go, its records stay, as with an OS lock. */
    public void crash() {
        store.lock.lock();
        try {
            store.claims.values().removeIf(slot -> slot.owner == this);
            store.changed.signalAll();
        } finally {
            store.lock.unlock();
        }
    }

    @Override
    public Optional<Slot> tryClaim(AccountId account) {
        store.lock.lock();
        try {
            return Optional.ofNullable(claimNow(account));
        } finally {
            store.lock.unlock();
        }
    }

    @Override
    public Optional<Slot> claim(AccountId account, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        store.lock.lockInterruptibly();
        try {
            while (true) {
                MemorySlot slot = claimNow(account);
                if (slot != null) {
                    return Optional.of(slot);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                store.changed.await(left, TimeUnit.NANOSECONDS);
            }
        } finally {
            store.lock.unlock();
        }
    }

    private MemorySlot claimNow(AccountId account) {
        if (store.claims.containsKey(account)) {
            return null;
        }
        MemorySlot slot = new MemorySlot(this, account);
        store.claims.put(account, slot);
        return slot;
    }

    @Override
    public Peek peek(AccountId account) {
        store.lock.lock();
        try {
            MemorySlot holder = store.claims.get(account);
            Peek.Claim claim = holder == null
                    ? Peek.Claim.FREE
                    : holder.owner == this ? Peek.Claim.HELD_IN_THIS_PROCESS : Peek.Claim.HELD;
            return new Peek(claim, store.records.getOrDefault(account, new SlotContent.Absent()));
        } finally {
            store.lock.unlock();
        }
    }

    @Override
    public List<AccountId> accounts() {
        store.lock.lock();
        try {
            List<AccountId> accounts = new ArrayList<>(store.records.keySet());
            accounts.sort(null);
            return accounts;
        } finally {
            store.lock.unlock();
        }
    }

    @Override
    public String location() {
        return store.location;
    }

    @Override
    public String locationOf(AccountId account) {
        return store.location + "/" + account;
    }

    @Override
    public void close() {}

    /** A claim of one simulated process. */
    private static final class MemorySlot implements Slot {
        private final InMemoryBackend owner;
        private final AccountId account;
        private final CompletableFuture<String> lost = new CompletableFuture<>();
        private final SlotContent claimedContent;
        private SlotContent written;

        MemorySlot(InMemoryBackend owner, AccountId account) {
            this.owner = owner;
            this.account = account;
            this.claimedContent = owner.store.records.getOrDefault(account, new SlotContent.Absent());
        }

        @Override
        public SlotContent content() {
            return written != null ? written : claimedContent;
        }

        @Override
        public void write(LockRecord record) {
            Store store = owner.store;
            store.lock.lock();
            try {
                requireHeld();
                written = new SlotContent.Present(record, Instant.now());
                store.records.put(account, written);
            } finally {
                store.lock.unlock();
            }
        }

        @Override
        public void retire() {
            Store store = owner.store;
            store.lock.lock();
            try {
                if (store.claims.get(account) == this) {
                    // Only what this slot holds is removed; a record written over it stays.
                    if (store.records.get(account) == content()) {
                        store.records.remove(account);
                    }
                    store.claims.remove(account);
                    store.changed.signalAll();
                }
            } finally {
                store.lock.unlock();
            }
        }

        @Override
        public void close() {
            Store store = owner.store;
            store.lock.lock();
            try {
                if (store.claims.remove(account, this)) {
                    if (store.records.get(account) instanceof SlotContent.Absent) {
                        store.records.remove(account);
                    }
                    store.changed.signalAll();
                }
            } finally {
                store.lock.unlock();
            }
        }

        @Override
        public String location() {
            return owner.locationOf(account);
        }

        @Override
        public CompletionStage<String> lost() {
            return lost;
        }

        private void requireHeld() {
            if (owner.store.claims.get(account) != this) {
                throw new IllegalStateException("the claim of " + account + " is no longer held");
            }
        }
    }
}
