package io.instancelock.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.instancelock.core.AccountId;
import io.instancelock.core.AccountLocks;
import io.instancelock.core.Acquisition;
import io.instancelock.core.LockException;
import io.instancelock.core.LockHandle;
import io.instancelock.core.LockRecord;
import io.instancelock.core.LockState;
import io.instancelock.core.RecordOrigin;
import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract over a lock directory and a lock server layered in core, both played by in-memory
 * stores: the same rules hold, and the layering adds its own (the local claim first, the server's
 * second, nothing held when either fails, another computer only met at the server).
 */
class LayeredInMemoryContractTest extends AccountLocksContract {

    /** Far above any pid_max: never a live process. */
    private static final long OTHER_PID = Integer.MAX_VALUE - 11;

    private static final AccountId ACCOUNT = AccountId.of("L1");

    private final String run = "-" + System.nanoTime();
    private final InMemoryBackend.Store here = new InMemoryBackend.Store("memory:here" + run);
    private final InMemoryBackend.Store server = new InMemoryBackend.Store("memory:server" + run);

    @Override
    protected AccountLocks openLocks() {
        return AccountLocks.using(here.open(), server.open(), Clock.systemDefaultZone());
    }

    @Override
    protected OtherProcess startOtherProcess() {
        return new Simulated(List.of(here.open(), server.open()), "this-computer");
    }

    @Override
    protected OtherProcess takeAway(LockHandle lock) {
        Simulated taker = new Simulated(
                List.of(new InMemoryBackend.Store("memory:there" + run).open(), server.open()), "other-computer");
        server.takeAway(lock.account(), "the connection to the lock server was dropped", null);
        taker.hold(lock.account(), "taker");
        return taker;
    }

    @Test
    void aHolderOnAnotherComputerIsMetAtTheServerAndRefusesUsWithItsRecord() {
        // given
        try (Simulated there = otherComputer()) {
            assertThat(there.hold(ACCOUNT, "jane_remote")).isTrue();
            // when
            Acquisition attempt = locks.tryAcquire(ACCOUNT, "john_here");
            // then
            assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
            LockRecord holder = ((Acquisition.Refused) attempt).status().holder();
            assertThat(holder.hostname()).isEqualTo("other-computer");
            assertThat(holder.brokerUsername()).isEqualTo("jane_remote");
            assertThat(here.open().peek(ACCOUNT).claim())
                    .as("the local claim is let go when the server refuses")
                    .isEqualTo(Peek.Claim.FREE);
        }
    }

    @Test
    void aWaiterGetsTheAccountWhenTheOtherComputerLetsGo() throws Exception {
        // given
        try (Simulated there = otherComputer()) {
            there.hold(ACCOUNT, "jane_remote");
            Thread releaser = new Thread(() -> {
                await().atMost(PATIENCE).until(() -> here.open().peek(ACCOUNT).claim() != Peek.Claim.FREE);
                there.release(ACCOUNT);
            });
            releaser.start();
            // when
            Acquisition attempt = locks.tryAcquire(ACCOUNT, "john_here", PATIENCE);
            // then
            try (LockHandle lock = held(attempt)) {
                assertThat(lock.isHeld()).isTrue();
                assertThat(server.open().peek(ACCOUNT).claim()).isNotEqualTo(Peek.Claim.FREE);
            }
            releaser.join();
        }
    }

    @Test
    void anOlderLaunchersLiveRecordInTheDirectoryRefusesEvenWithTheServerFree() {
        // given: the older launcher knows no server; its record names this live process
        here.writeUnclaimed(new LockRecord(
                ACCOUNT,
                ProcessHandle.current().pid(),
                LocalDateTime.now(),
                "old_launcher_user",
                null,
                null,
                null,
                null,
                RecordOrigin.OLDER_LAUNCHER));
        // when
        Acquisition attempt = locks.tryAcquire(ACCOUNT, "john_here");
        // then
        assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
        assertThat(((Acquisition.Refused) attempt).status().holder().brokerUsername())
                .isEqualTo("old_launcher_user");
        assertThat(server.open().peek(ACCOUNT).claim()).isEqualTo(Peek.Claim.FREE);
    }

    @Test
    void anUnreachableServerLeavesNothingHeldOnThisComputer() {
        // given
        LockBackend down = new Unreachable(server.open());
        try (AccountLocks cut = AccountLocks.using(here.open(), down, Clock.systemDefaultZone())) {
            // when / then
            assertThatThrownBy(() -> cut.tryAcquire(ACCOUNT, "john_here"))
                    .isInstanceOf(LockException.class)
                    .extracting(e -> ((LockException) e).kind())
                    .isEqualTo(LockException.Kind.SERVER_UNREACHABLE);
            assertThat(here.open().peek(ACCOUNT).claim()).isEqualTo(Peek.Claim.FREE);
            assertThat(here.open().peek(ACCOUNT).content())
                    .isInstanceOf(io.instancelock.core.spi.SlotContent.Absent.class);
        }
    }

    @Test
    void releaseLetsGoOfTheServerAndTheDirectoryAndListSeesBoth() {
        // given
        LockHandle lock = held(locks.tryAcquire(ACCOUNT, "john_here"));
        try (Simulated there = otherComputer()) {
            there.hold(AccountId.of("R2"), "jane_remote");
            // when
            List<AccountId> listed = locks.list().stream().map(s -> s.account()).toList();
            lock.close();
            // then
            assertThat(listed).containsExactly(ACCOUNT, AccountId.of("R2"));
            assertThat(locks.inspect(AccountId.of("R2")).state()).isEqualTo(LockState.HELD);
            assertThat(locks.inspect(ACCOUNT).state()).isEqualTo(LockState.FREE);
            assertThat(here.open().peek(ACCOUNT).claim()).isEqualTo(Peek.Claim.FREE);
            assertThat(server.open().peek(ACCOUNT).claim()).isEqualTo(Peek.Claim.FREE);
        }
    }

    private Simulated otherComputer() {
        return new Simulated(
                List.of(new InMemoryBackend.Store("memory:there" + run).open(), server.open()), "other-computer");
    }

    /** A server that cannot be reached: every claim fails as a dropped connection would. */
    private record Unreachable(LockBackend server) implements LockBackend {
        @Override
        public Optional<Slot> tryClaim(AccountId account) {
            throw new LockException(
                    LockException.Kind.SERVER_UNREACHABLE, "lock server memory: cannot be reached", null);
        }

        @Override
        public Optional<Slot> claim(AccountId account, Duration timeout) {
            return tryClaim(account);
        }

        @Override
        public Peek peek(AccountId account) {
            throw new LockException(
                    LockException.Kind.SERVER_UNREACHABLE, "lock server memory: cannot be reached", null);
        }

        @Override
        public List<AccountId> accounts() {
            return List.of();
        }

        @Override
        public String location() {
            return server.location();
        }

        @Override
        public String locationOf(AccountId account) {
            return server.locationOf(account);
        }

        @Override
        public void close() {}
    }

    /** Another process, played in this JVM: it claims on each of its backends in order, as core does. */
    private static final class Simulated implements OtherProcess {
        private final List<InMemoryBackend> backends;
        private final String host;
        private final Map<AccountId, List<Slot>> held = new HashMap<>();

        Simulated(List<InMemoryBackend> backends, String host) {
            this.backends = backends;
            this.host = host;
        }

        @Override
        public boolean hold(AccountId account, String broker) {
            List<Slot> slots = claimAll(account);
            if (slots == null) {
                return false;
            }
            LockRecord record = new LockRecord(
                    account,
                    OTHER_PID,
                    LocalDateTime.now(),
                    broker,
                    host,
                    null,
                    null,
                    null,
                    RecordOrigin.INSTANCE_LOCK);
            slots.forEach(slot -> slot.write(record));
            held.put(account, slots);
            return true;
        }

        private List<Slot> claimAll(AccountId account) {
            List<Slot> slots = new ArrayList<>();
            for (InMemoryBackend backend : backends) {
                Optional<Slot> slot = backend.tryClaim(account);
                if (slot.isEmpty()) {
                    slots.forEach(Slot::close);
                    return null;
                }
                slots.add(slot.get());
            }
            return slots;
        }

        @Override
        public void release(AccountId account) {
            List<Slot> slots = held.remove(account);
            if (slots != null) {
                for (int i = slots.size() - 1; i >= 0; i--) {
                    slots.get(i).retire();
                }
            }
        }

        @Override
        public boolean couldTake(AccountId account) {
            List<Slot> slots = claimAll(account);
            if (slots != null) {
                slots.forEach(Slot::close);
            }
            return slots != null;
        }

        @Override
        public void crash() {
            backends.forEach(InMemoryBackend::crash);
        }

        @Override
        public void close() {
            backends.forEach(InMemoryBackend::crash);
        }
    }
}
