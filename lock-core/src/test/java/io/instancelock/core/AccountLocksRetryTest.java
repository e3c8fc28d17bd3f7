package io.instancelock.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.instancelock.core.spi.LockBackend;
import io.instancelock.core.spi.Peek;
import io.instancelock.core.spi.Slot;
import io.instancelock.core.spi.SlotContent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * An acquirer that collides with another process taking over, cleaning or restoring a stale lock: the
 * claim is busy for an instant while the stored record still names a holder that has exited.
 */
class AccountLocksRetryTest {

    private static final AccountId ACCOUNT = AccountId.of("123456");
    private static final long DEAD_PID = 4_000_001;

    /** A claim that stays busy for the first {@code busyAttempts} tries, under a dead holder's record. */
    private static final class BrieflyBusy implements LockBackend {
        final AtomicInteger attempts = new AtomicInteger();
        final int busyAttempts;
        final LockRecord stale = new LockRecord(
                ACCOUNT,
                DEAD_PID,
                LocalDateTime.parse("2025-11-09T14:30:00"),
                "gone",
                LocalHost.name(),
                Instant.parse("2025-11-09T13:00:00Z"),
                null,
                null,
                RecordOrigin.INSTANCE_LOCK);

        BrieflyBusy(int busyAttempts) {
            this.busyAttempts = busyAttempts;
        }

        @Override
        public Optional<Slot> tryClaim(AccountId account) {
            if (attempts.incrementAndGet() <= busyAttempts) {
                return Optional.empty();
            }
            return Optional.of(new Slot() {
                @Override
                public SlotContent content() {
                    return new SlotContent.Present(stale);
                }

                @Override
                public void write(LockRecord record) {}

                @Override
                public void retire() {}

                @Override
                public void close() {}

                @Override
                public String location() {
                    return "memory";
                }
            });
        }

        @Override
        public Optional<Slot> claim(AccountId account, Duration timeout) {
            return tryClaim(account);
        }

        @Override
        public Peek peek(AccountId account) {
            return new Peek(Peek.Claim.HELD, new SlotContent.Present(stale));
        }

        @Override
        public List<AccountId> accounts() {
            return List.of(ACCOUNT);
        }

        @Override
        public String location() {
            return "memory:retry-" + System.identityHashCode(this);
        }

        @Override
        public String locationOf(AccountId account) {
            return "memory/" + account;
        }

        @Override
        public void close() {}
    }

    @Test
    void claimBusyForAnInstantUnderADeadHoldersRecordIsTriedAgainNotRefusedInItsName() {
        // given: another process takes over the stale record for the first few attempts
        BrieflyBusy backend = new BrieflyBusy(3);
        try (AccountLocks locks = AccountLocks.using(backend, Clock.systemDefaultZone(), new FakeProcesses())) {
            // when
            Acquisition attempt = locks.tryAcquire(ACCOUNT, "me");
            // then
            assertThat(attempt.acquired()).isTrue();
            assertThat(backend.attempts).hasValue(4);
        }
    }

    @Test
    void claimThatStaysBusyIsRefusedAsTakenRightNowNotAsHeldByTheDeadPid() {
        // given: the other process keeps the claim
        BrieflyBusy backend = new BrieflyBusy(Integer.MAX_VALUE);
        try (AccountLocks locks = AccountLocks.using(backend, Clock.systemDefaultZone(), new FakeProcesses())) {
            // when
            Acquisition attempt = locks.tryAcquire(ACCOUNT, "me");
            // then
            assertThat(attempt).isInstanceOf(Acquisition.Refused.class);
            LockStatus status = ((Acquisition.Refused) attempt).status();
            assertThat(status.state()).isEqualTo(LockState.HELD);
            assertThat(status.reason())
                    .contains("taking this account over right now")
                    .doesNotStartWith("held by");
            assertThat(backend.attempts.get()).isGreaterThan(3);
        }
    }
}
