package io.instancelock.testsupport;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockRecord;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.Slot;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The contract over the in-memory reference backend: core's rules, proven apart from any storage.
 * Other processes are simulated on the same store; their records name a pid that is not running.
 */
class InMemoryBackendContractTest extends AccountLocksContract {

    /** Far above any pid_max: never a live process. */
    private static final long OTHER_PID = Integer.MAX_VALUE - 7;

    private final InMemoryBackend.Store store = new InMemoryBackend.Store("memory:contract-" + System.nanoTime());

    @Override
    protected AccountLocks openLocks() {
        return AccountLocks.using(store.open(), Clock.systemDefaultZone());
    }

    @Override
    protected OtherProcess startOtherProcess() {
        return new Simulated(store.open());
    }

    @Override
    protected OtherProcess takeAway(LockHandle lock) throws Exception {
        Simulated taker = new Simulated(store.open());
        store.takeAway(lock.account(), "the claim was taken by another process", null);
        taker.hold(lock.account(), "taker");
        return taker;
    }

    /** Another process, played in this JVM by a second backend on the same store. */
    private static final class Simulated implements OtherProcess {
        private final InMemoryBackend backend;
        private final Map<AccountId, Slot> held = new HashMap<>();

        Simulated(InMemoryBackend backend) {
            this.backend = backend;
        }

        @Override
        public boolean hold(AccountId account, String broker) {
            Optional<Slot> slot = backend.tryClaim(account);
            slot.ifPresent(claimed -> {
                claimed.write(new LockRecord(
                        account,
                        OTHER_PID,
                        LocalDateTime.now(),
                        broker,
                        null,
                        null,
                        null,
                        null,
                        RecordOrigin.INSTANCE_LOCK));
                held.put(account, claimed);
            });
            return slot.isPresent();
        }

        @Override
        public void release(AccountId account) {
            Slot slot = held.remove(account);
            if (slot != null) {
                slot.retire();
            }
        }

        @Override
        public boolean couldTake(AccountId account) {
            Optional<Slot> slot = backend.tryClaim(account);
            slot.ifPresent(Slot::close);
            return slot.isPresent();
        }

        @Override
        public void crash() {
            backend.crash();
        }

        @Override
        public void close() {
            backend.crash();
        }
    }
}
